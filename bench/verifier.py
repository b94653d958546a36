"""Fit the answer verifier and measure how well its confidence separates right from wrong answers.

Every question of the training sets is answered with the verifier switched off (every candidate
answer kept), each answer labelled right or wrong as `qa eval` scores it, and a logistic regression
fitted on the answers' features (``qa.answer.verify.FEATURES``). Training questions: the dev and extra
sets, the in-sample halves of the place and trap sets, and questions made from the facts of in-sample
reports — a fact's own indicator (answerable) and an indicator of the same kind the report does not
state, its year shifted, or another place (unanswerable). Held-out questions (their halves marked
"held", and the reports they are about) never enter the fit; the script reports reliability (ECE),
AUROC and the refusal / false-answer curve on them separately.

    python bench/verifier.py [--write] [--corpus DIR ...] [--threshold-false 0.05]

With --write the fitted model goes to qa/answer/data/verifier.json.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegressionCV
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold

from qa.answer.service import QAService
from qa.answer.verify import FEATURES, MODEL_FILE, Verifier, shipped_verifier
from qa.compose import build_encoder, open_service, open_store
from qa.config import PROJECT_ROOT, get_settings
from qa.eval import EvalItem, load_items, score
from qa.ingest.pipeline import ingest_paths
from qa.lexicon.indicators import vocabulary

SHARED = PROJECT_ROOT.parent / "shared"
CORPORA = [
    PROJECT_ROOT / "data" / "reports",
    SHARED / "corpus_extra",
    SHARED / "corpus_more",
    SHARED / "corpus_shenzhen",
]
TRAIN = [SHARED / "eval" / "dev_qa.jsonl", PROJECT_ROOT / "eval" / "extra_qa.jsonl",
         PROJECT_ROOT / "eval" / "places_dev_qa.jsonl", PROJECT_ROOT / "eval" / "trap_qa.jsonl",
         PROJECT_ROOT / "eval" / "places_fresh_qa.jsonl", PROJECT_ROOT / "eval" / "places_provinces_qa.jsonl",
         PROJECT_ROOT / "eval" / "places_more_qa.jsonl", PROJECT_ROOT / "eval" / "lay_dev_qa.jsonl",
         PROJECT_ROOT / "eval" / "lay_more_qa.jsonl", PROJECT_ROOT / "eval" / "lay_traps_qa.jsonl",
         PROJECT_ROOT / "eval" / "places_traps_qa.jsonl", PROJECT_ROOT / "eval" / "probes_qa.jsonl",
         PROJECT_ROOT / "eval" / "provinces_traps_qa.jsonl", PROJECT_ROOT / "eval" / "yesno_qa.jsonl",
         PROJECT_ROOT / "eval" / "general_qa.jsonl", PROJECT_ROOT / "eval" / "lay_tune_a_qa.jsonl",
         PROJECT_ROOT / "eval" / "lay_tune_b_qa.jsonl", PROJECT_ROOT / "eval" / "lay_tune_c_qa.jsonl",
         # questions written for the verifier alone (by helpers who read no code, over in-sample units),
         # which no rule was tuned on: wrong answers like those of questions never seen
         *(PROJECT_ROOT / "eval" / f"calib_{k}_qa.jsonl" for k in "abcdefghijkl")]  # fmt: skip
# places_heldout is left out of both: its failures were read in a session, so it is no longer held out,
# and its reports are those of the trap set's held-out half.
HELD = [PROJECT_ROOT / "eval" / "places_fresh_qa.jsonl", PROJECT_ROOT / "eval" / "places_blind_qa.jsonl",
        PROJECT_ROOT / "eval" / "trap_qa.jsonl", PROJECT_ROOT / "eval" / "lay_more_qa.jsonl",
        PROJECT_ROOT / "eval" / "lay_fresh_qa.jsonl", PROJECT_ROOT / "eval" / "nonfig_fresh_qa.jsonl",
        PROJECT_ROOT / "eval" / "fresh_a_qa.jsonl", PROJECT_ROOT / "eval" / "fresh_b_qa.jsonl",
        PROJECT_ROOT / "eval" / "fresh_c_qa.jsonl", PROJECT_ROOT / "eval" / "places_new_qa.jsonl",
        PROJECT_ROOT / "eval" / "fresh_d_qa.jsonl"]  # fmt: skip
# Units held out (their reports may not feed synthetic training questions).
HELD_UNITS = ("笋岗街道", "双桂街道", "龙岗区", "龙华区", "坪山区", "坪山新区", "光明区", "光明新区",
              "辽宁省", "云南省", "甘肃省", "黑龙江省", "安徽省", "福建省", "河南省", "湖南省", "吉林省",
              "山东省", "山西省", "内蒙古自治区", "广西壮族自治区", "新疆维吾尔自治区", "江苏省")  # fmt: skip
SYNTHETIC_PER_KIND = 150


@dataclass(frozen=True, slots=True)
class Labelled:
    features: dict[str, float]
    right: bool
    source: str


def answer_all(service: QAService, items: Sequence[EvalItem], source: str) -> list[Labelled]:
    """Every item answered with the verifier off; answers that reached a candidate, labelled."""
    rows = []
    for item in items:
        answer = service.ask(item.question)
        if not answer.features:  # refused before a candidate existed (place, year, unstated figure)
            continue
        right, _ = score(item, answer)
        rows.append(Labelled(answer.features, right and item.answerable, source))
    return rows


def synthetic(service: QAService, rng: random.Random) -> list[EvalItem]:
    """Questions made from the facts of in-sample reports: answerable ones about a stated curated
    indicator, unanswerable ones about an indicator of the same unit kind the report does not state."""
    reports = [
        r for r in service.data.reports.values() if r.district and r.year and r.district not in HELD_UNITS
    ]
    curated = {i.name: i for i in vocabulary()}
    items: list[EvalItem] = []
    for report in rng.sample(reports, len(reports)):
        facts = [f for f in service.facts.of_doc(report.doc_id) if f.indicator in curated and not f.planned]
        if not facts:
            continue
        fact = rng.choice(facts)
        place, year = report.district, report.year
        items.append(EvalItem(f"s+{len(items)}", f"{place}{year}年{fact.indicator}是多少", place, year,
                              (fact.value_text,), "synthetic"))  # fmt: skip
        stated = {f.indicator for f in service.facts.of_doc(report.doc_id)}
        kind = curated[fact.indicator].unit
        siblings = [n for n, i in curated.items() if i.unit == kind and n not in stated]
        if siblings:
            other = rng.choice(siblings)
            items.append(
                EvalItem(f"s-{len(items)}", f"{place}{year}年{other}是多少", place, year, (), "synthetic")
            )
        if len(items) >= 2 * SYNTHETIC_PER_KIND:
            break
    return items


def shipped(features: dict[str, float]) -> float:
    """The confidence the service gives without a fitted verifier (``QAService.ask``)."""
    lexical = min(1.0, max(features.get("lexical", 0.0), 0.0))
    return min(1.0, features.get("coverage", 0.0)) * (0.6 + 0.4 * lexical)


def ece(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the gap between confidence and accuracy, bin by bin, weighted."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (probabilities >= lo) & (probabilities < hi if hi < 1 else probabilities <= hi)
        if inside.any():
            total += inside.mean() * abs(probabilities[inside].mean() - labels[inside].mean())
    return float(total)


def curve(probabilities: np.ndarray, labels: np.ndarray) -> list[tuple[float, float, float]]:
    """(threshold, share of right answers kept, share of answers given that are wrong)."""
    out = []
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        given = probabilities >= t
        kept = float((given & labels).sum() / max(labels.sum(), 1))
        wrong = float((given & ~labels).sum() / max(given.sum(), 1))
        out.append((t, kept, wrong))
    return out


def report(name: str, probabilities: np.ndarray, labels: np.ndarray) -> None:
    auroc = roc_auc_score(labels, probabilities) if 0 < labels.sum() < len(labels) else float("nan")
    print(
        f"{name}: {len(labels)} answers ({int(labels.sum())} right), AUROC {auroc:.3f}, ECE {ece(probabilities, labels):.3f}"
    )
    for t, kept, wrong in curve(probabilities, labels):
        print(
            f"   threshold {t:.1f}: right answers kept {kept:.3f}, answers given that are wrong {wrong:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="report folders (default: all shared)")
    parser.add_argument("--index", type=Path, help="an existing index of the corpus (skips ingesting)")
    parser.add_argument("--write", action="store_true", help=f"write qa/answer/data/{MODEL_FILE}")
    parser.add_argument(
        "--max-false", type=float, default=0.05, help="the threshold keeps wrong answers below this share"
    )
    parser.add_argument(
        "--threshold", type=float, help="ship this threshold instead of the one --max-false picks"
    )
    args = parser.parse_args()

    settings = get_settings().model_copy(update={"min_coverage": 0.0, "min_confidence": 0.0})
    encoder = build_encoder(settings)
    with tempfile.TemporaryDirectory(prefix="qa-verifier-") as tmp:
        root = args.index or Path(tmp)
        settings = settings.model_copy(update={"index_dir": root})
        store = open_store(settings)
        if args.index is None:
            ingest_paths(
                [c for c in (args.corpus or CORPORA) if c.exists()],
                store=store,
                encoder=encoder,
                progress=False,
            )
        service = open_service(settings, encoder, store)
        rng = random.Random(0)
        train: list[Labelled] = []
        for path in TRAIN:
            items = [i for i in load_items(path) if i.split != "held"]
            train += answer_all(service, items, path.name)
        train += answer_all(service, synthetic(service, rng), "synthetic")
        held: list[Labelled] = []
        for path in HELD:
            items = [i for i in load_items(path) if i.split == "held" or "heldout" in path.name]
            held += answer_all(service, items, path.name)

    x = np.array([[row.features.get(n, 0.0) for n in FEATURES] for row in train])
    y = np.array([row.right for row in train])
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    # the regularisation chosen by cross-validation on the training answers (AUROC), not on held-out: 5
    # folds repeated 10 times, as with ~40 wrong answers one split's choice is noise (it once chose 0.3
    # over 0.01 on a 0.006 lead; repeated, 0.01 leads 0.835 to 0.829)
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=10, random_state=0)
    search = LogisticRegressionCV(
        Cs=[0.003, 0.01, 0.03, 0.1, 0.3, 1.0], cv=folds, scoring="roc_auc", max_iter=2000
    )
    model = search.fit((x - means) / scales, y)
    cv = max(float(np.mean(f, axis=0).max()) for f in model.scores_.values())
    print(f"regularisation C = {model.C_[0]} (cross-validated on the training answers: AUROC {cv:.3f})")
    verifier = Verifier(FEATURES, tuple(model.coef_[0]), tuple(means), tuple(scales), float(model.intercept_[0]), 0.5,
                        trained_on=f"{len(train)} answers: " + ", ".join(sorted({r.source for r in train})))  # fmt: skip
    p_train = np.array([verifier.probability(r.features) for r in train])
    threshold = args.threshold or next(
        (t for t, _, wrong in curve(p_train, y) if wrong <= args.max_false), 0.9
    )
    verifier = replace(verifier, threshold=threshold)
    print(
        f"threshold ({'as given' if args.threshold else f'wrong answers ≤ {args.max_false:.0%} on the training answers'}): {threshold}"
    )
    report("training answers (in-sample)", p_train, y)
    if held:
        p_held = np.array([verifier.probability(r.features) for r in held])
        report("held-out answers", p_held, np.array([r.right for r in held]))
        report("held-out answers, the hand-set confidence (no verifier)", np.array([shipped(r.features) for r in held]),
               np.array([r.right for r in held]))  # fmt: skip
        before = shipped_verifier()
        if before is not None:  # what a refit gains over the model it would replace
            report("held-out answers, the verifier shipped now", np.array([before.probability(r.features) for r in held]),
                   np.array([r.right for r in held]))  # fmt: skip
    for name, w in sorted(zip(FEATURES, verifier.weights, strict=True), key=lambda nw: -abs(nw[1])):
        print(f"   {name:>18} {w:+.3f}")
    if args.write:
        path = PROJECT_ROOT / "qa" / "answer" / "data" / MODEL_FILE
        path.write_text(json.dumps(verifier.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
