"""End to end: the real Application talking HTTP to the Bot API stand-in on 127.0.0.1."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot import format as fmt
from embeddings import FakeEncoder
from qa import FeedbackStore, LiveService, QAError, QAService, ingest_paths
from qa.index.local import load_index
from tests.bot.conftest import TOKEN, BotFactory, polling
from tests.bot.stand_in import BOT_USER, Call, running_stand_in
from tests.conftest import REPORTS, make_settings

CHAT = 501
DONGCHENG_TITLE = "中共东莞市东城街道工作委员会 东城街道办事处关于东城街道2022年法治政府建设情况的报告"
MENTION = "@" + BOT_USER["username"]


def _buttons(call: Call) -> dict[str, str]:
    markup = call.params.get("reply_markup") or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


def _ask(stand_in: object, text: str, chat: int = CHAT, **kw: object) -> Call:
    mark = stand_in.mark()  # type: ignore[attr-defined]
    stand_in.send_text(chat, text, **kw)  # type: ignore[attr-defined]
    return stand_in.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == chat, after=mark)  # type: ignore[attr-defined]


def test_start_question_source_and_feedback(
    start_bot: BotFactory, feedback_store: FeedbackStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    stand_in = start_bot()
    assert stand_in.made("setMyCommands"), "commands are registered at start-up"

    help_reply = _ask(stand_in, "/start")
    assert help_reply.params["parse_mode"] == "HTML"
    assert all(fmt.escape(q) in help_reply.params["text"] for q in fmt.EXAMPLES)
    assert "黄石街道2020年法治建设工作报告" in help_reply.params["text"]

    reply = _ask(stand_in, "东城街道行政诉讼出庭率")
    text = reply.params["text"]
    assert "<b>70%</b>" in text
    assert f"《{DONGCHENG_TITLE}》" in text and "四是加强和规范行政应诉工作" in text
    buttons = _buttons(reply)
    assert set(buttons) >= {"原文", "👍", "👎"}

    mark = stand_in.mark()
    stand_in.press(reply, buttons["原文"])
    source = stand_in.wait_for("sendMessage", after=mark)
    assert "<b>四是加强和规范行政应诉工作。" in source.params["text"]
    assert "出庭应诉率为70%" in source.params["text"]
    assert stand_in.wait_for("answerCallbackQuery", after=mark)

    mark = stand_in.mark()
    stand_in.press(reply, buttons["👍"], user_id=777)
    ack = stand_in.wait_for("answerCallbackQuery", after=mark)
    assert ack.params["text"] == fmt.THANKS
    [row] = feedback_store.recent()
    assert row.feedback.rating == "up" and row.feedback.channel == "telegram"
    assert row.feedback.user_id == "777"
    assert row.feedback.question == "东城街道行政诉讼出庭率"
    assert "出庭应诉率为70%" in row.feedback.answer
    assert row.feedback.citations[0].title == DONGCHENG_TITLE
    assert row.created

    mark = stand_in.mark()
    stand_in.press(reply, buttons["👎"], user_id=777)
    again = stand_in.wait_for("answerCallbackQuery", after=mark)
    assert again.params["text"] == fmt.ALREADY_RATED
    assert len(feedback_store.recent()) == 1

    assert TOKEN not in caplog.text
    assert all(c.token == TOKEN for c in stand_in.calls)


def test_more_results_pages_through_citations(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    reply = _ask(stand_in, "法治宣传教育")
    assert "另有 4 条相关出处" in reply.params["text"]
    mark = stand_in.mark()
    stand_in.press(reply, _buttons(reply)["更多结果"])
    page = stand_in.wait_for("sendMessage", after=mark)
    assert "第 1/2 页" in page.params["text"]
    assert set(_buttons(page)) == {"原文 2", "原文 3", "原文 4", "下一页 ›"}

    mark = stand_in.mark()
    stand_in.press(page, _buttons(page)["下一页 ›"])
    turned = stand_in.wait_for("editMessageText", after=mark)
    assert "第 2/2 页" in turned.params["text"] and "\n5. " in turned.params["text"]
    assert set(_buttons(turned)) == {"原文 5", "‹ 上一页"}


def test_follow_up_reuses_the_previous_question(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    first = _ask(stand_in, "东城街道开展普法宣传活动多少场")
    assert "东城街道" in first.params["text"]
    follow = _ask(stand_in, "那黄石街道呢？")
    text = follow.params["text"]
    assert "按“黄石街道开展普法宣传活动多少场”理解" in text
    assert "《黄石街道2020年法治建设工作报告》" in text and "<b>" in text


def test_follow_up_year_not_covered_says_so(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    assert "<b>70%</b>" in _ask(stand_in, "东城街道行政诉讼出庭率").params["text"]
    text = _ask(stand_in, "2021年呢？").params["text"]
    assert "2021" in text and "没有在已收录的报告中找到答案" in text and "已收录：" in text
    assert "70%" not in text and "📄" not in text
    assert "原文" not in _buttons(stand_in.made("sendMessage")[-1])


def test_follow_up_context_is_per_chat(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    _ask(stand_in, "东城街道开展普法宣传活动多少场", chat=CHAT)
    other = _ask(stand_in, "那黄石街道呢？", chat=CHAT + 1)
    assert "按“" not in other.params["text"]


def test_not_found_says_what_is_indexed(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    text = _ask(stand_in, "今天天气怎么样").params["text"]
    assert "没有在已收录的报告中找到答案" in text
    assert "已收录：东城街道(2022)、双桂街道(2019)" in text


def test_reports_command(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    for command in ("/reports", "/districts"):
        text = _ask(stand_in, command).params["text"]
        assert "已收录的报告</b>（5 份）" in text and "黄石街道，2020年" in text


def test_group_needs_a_mention_or_a_command(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    group = -100200
    mark = stand_in.mark()
    stand_in.send_text(group, "东城街道行政诉讼出庭率", user_id=11, chat_type="supergroup")
    mentioned = _ask(
        stand_in, f"{MENTION} 东城街道行政诉讼出庭率", chat=group, user_id=11, chat_type="supergroup"
    )
    assert "<b>70%</b>" in mentioned.params["text"]
    assert len([c for c in stand_in.made("sendMessage", after=mark)]) == 1, "the plain message was ignored"
    command = _ask(
        stand_in, f"/ask{MENTION} 东城街道行政诉讼出庭率", chat=group, user_id=11, chat_type="group"
    )
    assert "<b>70%</b>" in command.params["text"]
    assert _ask(stand_in, "/ask", chat=group, chat_type="group").params["text"] == fmt.EMPTY_QUESTION


def test_allow_list_refuses_other_chats(start_bot: BotFactory) -> None:
    stand_in = start_bot(telegram_allowed_chats=f"{CHAT}, -100999")
    refused = _ask(stand_in, "东城街道行政诉讼出庭率", chat=CHAT + 7)
    assert refused.params["text"] == fmt.REFUSAL
    assert "<b>70%</b>" in _ask(stand_in, "东城街道行政诉讼出庭率", chat=CHAT).params["text"]
    # Outside the list, a group message that is not addressed to the bot gets no answer at all.
    mark = stand_in.mark()
    stand_in.send_text(-100555, "随便聊聊", chat_type="supergroup")
    stand_in.send_text(CHAT, "/help")
    stand_in.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == CHAT, after=mark)
    assert not [c for c in stand_in.made("sendMessage", after=mark) if int(c.params["chat_id"]) == -100555]


def test_rate_limit_is_friendly(start_bot: BotFactory) -> None:
    stand_in = start_bot(telegram_rate_per_minute=2)
    for _ in range(2):
        assert "<b>70%</b>" in _ask(stand_in, "东城街道行政诉讼出庭率").params["text"]
    assert _ask(stand_in, "东城街道行政诉讼出庭率").params["text"] == fmt.RATE_LIMITED
    # Another user is not affected.
    assert "<b>70%</b>" in _ask(stand_in, "东城街道行政诉讼出庭率", chat=CHAT + 1).params["text"]


def test_errors_apologise_log_and_keep_running(
    start_bot: BotFactory,
    sample_service: QAService,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ask = sample_service.ask

    def flaky(question: str, **kwargs: object) -> object:
        if "爆炸" in question:
            raise RuntimeError("boom in the core")
        return ask(question, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sample_service, "ask", flaky)
    stand_in = start_bot()
    assert _ask(stand_in, "爆炸").params["text"] == fmt.APOLOGY
    assert "Traceback" in caplog.text and "boom in the core" in caplog.text
    assert "<b>70%</b>" in _ask(stand_in, "东城街道行政诉讼出庭率").params["text"]


def test_over_long_question_is_refused_politely(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    assert _ask(stand_in, "问" * 600).params["text"].startswith("这个问题没法处理")


def test_expired_button(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    reply = _ask(stand_in, "东城街道行政诉讼出庭率")
    mark = stand_in.mark()
    stand_in.press(reply, "src:nosuchkey:0")
    assert stand_in.wait_for("answerCallbackQuery", after=mark).params["text"] == fmt.EXPIRED


def test_missing_token_is_a_clear_error(tmp_path: object, sample_service: QAService) -> None:
    from bot.app import build_application

    with pytest.raises(QAError, match="QA_TELEGRAM_TOKEN"):
        build_application(
            make_settings(tmp_path, telegram_token=None),
            LiveService(make_settings(tmp_path), service=sample_service),
        )  # type: ignore[arg-type]


def test_bad_allow_list_is_a_clear_error(tmp_path: object, sample_service: QAService) -> None:
    from bot.app import build_application

    settings = make_settings(tmp_path, telegram_token=TOKEN, telegram_allowed_chats="42,help-desk")  # type: ignore[arg-type]
    with pytest.raises(QAError, match="help-desk"):
        build_application(settings, LiveService(settings, service=sample_service))


def test_answers_within_one_polling_cycle(start_bot: BotFactory) -> None:
    stand_in = start_bot()
    stand_in.wait_for("getUpdates")
    started = time.monotonic()
    _ask(stand_in, "东城街道行政诉讼出庭率")
    assert time.monotonic() - started < 4.0  # the stand-in's polling cycle is 1 s


def test_long_reply_is_split(
    start_bot: BotFactory, sample_service: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [
        replace(d, doc_id=f"{d.doc_id}{i}", title=f"{d.title}<第{i}份>")
        for i in range(60)
        for d in sample_service.documents()
    ]
    monkeypatch.setattr(sample_service, "documents", lambda: many)
    stand_in = start_bot()
    mark = stand_in.mark()
    stand_in.send_text(CHAT, "/reports")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # every part sent: all 300 titles seen
        parts = stand_in.made("sendMessage", after=mark)
        if sum(p.params["text"].count("&lt;第") for p in parts) >= 300:
            break
        time.sleep(0.05)
    assert len(parts) > 1
    assert all(len(p.params["text"]) <= fmt.MESSAGE_LIMIT for p in parts)
    assert sum(p.params["text"].count("&lt;第") for p in parts) == 300


def test_the_bot_sees_a_new_report_without_a_restart(tmp_path: Path, feedback_store: FeedbackStore) -> None:
    """The bot answers from the live index: a report ingested while it runs (here by the CLI's code
    path, into the folder it serves) is listed and answered from without restarting it."""
    encoder = FakeEncoder(64)
    files = sorted(REPORTS.glob("*.txt"))
    index = tmp_path / "index"
    ingest_paths(files[:1], root=index, encoder=encoder, progress=False)
    with running_stand_in() as stand_in:
        settings = make_settings(
            index, telegram_token=TOKEN, telegram_api_url=stand_in.api_url, reload_check_seconds=0.1
        )
        service = QAService(load_index(index), encoder, settings)
        with polling(settings, service, feedback_store):
            assert "东城街道" not in _ask(stand_in, "/reports").params["text"]
            ingest_paths(
                [f for f in files if "6613fadd" in f.name], root=index, encoder=encoder, progress=False
            )
            deadline = time.monotonic() + 20
            while "东城街道" not in (listing := _ask(stand_in, "/reports").params["text"]):
                assert time.monotonic() < deadline, f"the new report never showed up: {listing}"
                time.sleep(0.2)
            assert "<b>70%</b>" in _ask(stand_in, "东城街道行政诉讼出庭率").params["text"]
