// The API reference (/docs): the vendored Swagger UI (static/swagger-ui/) over this server's own
// /openapi.json. A file of its own, not an inline script, so that the page runs under the CSP.
window.ui = SwaggerUIBundle({
  url: "openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null, // no badge fetched from the Swagger validator service
});
