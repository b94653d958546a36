"""The core's behaviour on the sample reports with the fake encoder (BM25 carries these)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from embeddings.encoder import FakeEncoder
from qa.answer.check import figures_in
from qa.answer.service import QAService
from qa.answer.verify import shipped_verifier
from qa.errors import DocumentNotFound, InvalidQuestion
from qa.index.local import load_index
from qa.ingest.pipeline import ingest_paths
from qa.records import Metadata, Report
from tests.conftest import REPORTS, make_settings


def test_figure_answer_with_exact_citation(sample_service: QAService) -> None:
    answer = sample_service.ask("东城街道行政诉讼出庭率")
    assert answer.found and "70%" in answer.answer
    first = answer.citations[0]
    assert first.district == "东城街道" and first.year == 2022
    text = sample_service.document(first.doc_id).text
    assert text[first.start : first.end] == first.text
    assert text[answer.answer_start : answer.answer_end] == answer.answer  # type: ignore[misc]
    assert first.section.startswith("一、")
    assert 0.0 < answer.confidence <= 1.0


def test_unknown_district_is_refused_with_what_is_indexed(sample_service: QAService) -> None:
    answer = sample_service.ask("天河街道2022年出庭应诉率")
    assert not answer.found and not answer.citations
    assert "天河街道" in answer.answer and "东城街道" in answer.answer


def test_year_not_covered_is_refused(sample_service: QAService) -> None:
    answer = sample_service.ask("东城街道2015年行政诉讼出庭率")
    assert not answer.found and "2015" in answer.answer


def test_absent_figure_is_refused(sample_service: QAService) -> None:
    assert not sample_service.ask("双桂街道2019年招商引资金额").found


def test_an_answer_to_a_question_naming_no_place_says_whose_it_is(sample_service: QAService) -> None:
    """Five 街道 are indexed: 出庭应诉率是多少 is answered from one of them, and the note says which."""
    answer = sample_service.ask("行政诉讼出庭应诉率是多少")
    assert answer.found and "没有指明地区" in answer.note
    assert answer.citations[0].district in answer.note
    assert "没有指明地区" not in sample_service.ask("东城街道行政诉讼出庭率").note


def test_which_district_names_it(sample_service: QAService) -> None:
    answer = sample_service.ask("哪个街道成立了外籍志愿者服务队")
    assert answer.found and answer.answer.startswith("黄石街道")


def test_a_which_question_of_another_level_is_not_answered_by_the_samples(sample_service: QAService) -> None:
    """The samples are 街道 reports that name no 区 of theirs doing it: 哪个区成立了外籍志愿者服务队 is refused,
    where 黄石街道's sentence answers 哪个街道."""
    answer = sample_service.ask("哪个区成立了外籍志愿者服务队")
    assert not answer.found and "区县" in answer.answer


@pytest.fixture(scope="module")
def topic_service(sample_index: Path, fake_encoder: FakeEncoder) -> QAService:
    """The samples' few passages (~300) make a word of 1–2 of them "rare" at the default 0.5%: a share
    that leaves the sample index's topic words as rare as the full corpus's (体检, 一照通行)."""
    settings = make_settings(sample_index, answer_weights={"topic_share": 0.02}, min_coverage=0.0)
    return QAService(load_index(sample_index), fake_encoder, settings)


@pytest.mark.parametrize(
    "question",
    [
        "四季青街道是否开展了法治体检",
        "黄石街道有没有推行“一照通行”",
        "哪个街道设立了外籍志愿者服务队和法治体检",
        "四季青街道法治体检有哪些经验做法",
    ],
)
def test_a_question_without_a_figure_is_answered_only_by_a_sentence_stating_its_topic(
    topic_service: QAService, question: str
) -> None:
    """The rare words of the question (体检, 一照通行) must be stated: a sentence on 普法 is no answer
    to 有没有开展法治体检, and the refusal names what the reports do not mention."""
    answer = topic_service.ask(question)
    assert not answer.found and "没有提到" in answer.answer


def test_without_a_rare_word_the_most_specific_noun_is_the_topic(
    sample_index: Path, fake_encoder: FakeEncoder
) -> None:
    """No word of 四季青街道垃圾分类情况 is rare (topic_share 0 here): its most specific noun, 垃圾, must
    still be stated, and a sentence on 普法 is no answer; 反诈工作情况 is answered by one on 反诈."""
    settings = make_settings(sample_index, answer_weights={"topic_share": 0.0}, min_coverage=0.0)
    service = QAService(load_index(sample_index), fake_encoder, settings)
    assert not service.ask("四季青街道垃圾分类情况").found
    answer = service.ask("四季青街道反诈工作情况")
    assert answer.found and "反诈" in answer.answer


def test_an_everyday_noun_is_no_topic_word(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    """机器 and 晚上 are everyday words the reports seldom use (one passage here): 东城街道's 营业执照自助打照
    终端机 answers 有没有自助打营业执照的机器, and 夜间接待活动 answers 晚上有没有接待群众."""
    reports = tmp_path / "reports"
    shutil.copytree(REPORTS, reports)
    (reports / "other.txt").write_text(
        "某某街道2022年法治政府建设情况的报告\n一、主要工作\n街道更新了部分办公机器,晚上安排人员值班。\n",
        encoding="utf-8",
    )
    ingest_paths([reports], root=tmp_path / "index", encoder=fake_encoder, progress=False)
    settings = make_settings(tmp_path / "index", answer_weights={"topic_share": 0.02}, min_coverage=0.0)
    service = QAService(load_index(tmp_path / "index"), fake_encoder, settings)
    answer = service.ask("东城街道有没有自助打营业执照的机器")
    assert answer.found and "自助打照" in answer.answer
    answer = service.ask("黄石街道晚上有没有接待群众")
    assert answer.found and "夜间接待" in answer.answer


def test_a_figure_the_latest_report_does_not_state_comes_from_an_earlier_one(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    """罗湖区福利中心有多少张床位, asked without a year: the latest report says nothing of it, the one two
    years before does — the answer is that one's, and says so, if it covers enough of the question."""
    reports = tmp_path / "reports"
    reports.mkdir()
    texts = {
        2021: "区福利中心二期新增床位702张，总床位1027张，获评省特级社会福利机构。",
        2022: "新建社区老年人日间照料中心5个。",
        2023: "完成老旧小区改造12个。",
    }
    for year, body in texts.items():
        (reports / f"{year + 1}年某某区政府工作报告.txt").write_text(
            f"{year + 1}年某某区政府工作报告\n一、{year}年工作回顾\n{body}\n", encoding="utf-8"
        )
    ingest_paths([reports], root=tmp_path / "index", encoder=fake_encoder, progress=False)
    service = QAService(load_index(tmp_path / "index"), fake_encoder, make_settings(tmp_path / "index"))
    answer = service.ask("某某区福利中心总床位有多少张")
    assert answer.found and "1027张" in answer.answer and "回顾2021年" in answer.note
    # an earlier report's answer must cover more of the question than any answer can: the latest's
    # refusal stands
    strict = make_settings(tmp_path / "index", answer_weights={"earlier_coverage": 1.01})
    assert (
        not QAService(load_index(tmp_path / "index"), fake_encoder, strict)
        .ask("某某区福利中心总床位有多少张")
        .found
    )


def test_a_few_reports_read_words_as_many_reports_do(sample_index: Path, fake_encoder: FakeEncoder) -> None:
    """Over five reports 打击 is in 4% of the passages, and a question's 打击 read as the reports' own
    word had to be stated (刑拘3人 was refused); the reference shares make it the 1% it is over many."""
    question = "黄石街道打击电信诈骗抓了几个人"
    blended = QAService(load_index(sample_index), fake_encoder, make_settings(sample_index))
    assert blended.share("打击") < 0.02
    answer = blended.ask(question)
    assert answer.found and "刑拘3人" in answer.answer
    alone = make_settings(sample_index, answer_weights={"reference_passages": 0})
    own = QAService(load_index(sample_index), fake_encoder, alone)
    assert own.share("打击") >= 0.02 and not own.ask(question).found


@pytest.mark.parametrize(
    ("question", "stated"),
    [("东城街道有没有推行“一照通行”", "一照通行"), ("东城街道有没有开展法治体检", "法治体检")],
)
def test_a_yes_no_question_whose_topic_is_stated_is_answered(
    topic_service: QAService, question: str, stated: str
) -> None:
    answer = topic_service.ask(question)
    assert answer.found and stated in answer.answer


def test_list_question_gives_section_items(sample_service: QAService) -> None:
    answer = sample_service.ask("四季青街道存在哪些不足")
    assert answer.found and "需要系统整合" in answer.answer


@pytest.mark.parametrize(
    ("question", "top_k", "message"),
    [
        ("", 5, "empty"),
        ("   \n", 5, "empty"),
        ("出" * 501, 5, "limit"),
        ("出庭率", 0, "top_k"),
        ("出庭率", 99, "top_k"),
    ],
)
def test_bad_questions(sample_service: QAService, question: str, top_k: int, message: str) -> None:
    with pytest.raises(InvalidQuestion, match=message):
        sample_service.ask(question, top_k=top_k)


def test_documents(sample_service: QAService) -> None:
    docs = sample_service.documents()
    assert {d.district for d in docs} == {"东城街道", "黄石街道", "四季青街道", "笋岗街道", "双桂街道"}
    with pytest.raises(DocumentNotFound):
        sample_service.document("nope")


def test_search_returns_ranked_citations(sample_service: QAService) -> None:
    hits = sample_service.search("合法性审查中心", top_k=3)
    assert 1 <= len(hits) <= 3
    assert hits[0].score >= hits[-1].score


def test_a_figure_answer_leads_with_its_checked_value(sample_service: QAService) -> None:
    answer = sample_service.ask("东城街道行政诉讼出庭率")
    assert answer.value is not None
    assert (answer.value["text"], answer.value["indicator"], answer.value["district"], answer.value["year"]) == (
        "70%", "出庭应诉率", "东城街道", 2022,
    )  # fmt: skip
    text = sample_service.document(answer.citations[0].doc_id).text
    assert text[answer.value["start"] : answer.value["end"]] == "70%"


def test_the_value_is_the_figure_the_question_names(sample_service: QAService) -> None:
    answer = sample_service.ask("笋岗街道化解了多少宗信访诉求")  # "受理…720宗，化解702宗"
    assert answer.found and answer.value is not None and answer.value["text"] == "702宗"


def test_a_sibling_figure_is_no_answer_but_is_named(sample_service: QAService) -> None:
    answer = sample_service.ask("东城街道2022年行政诉讼的败诉率是多少")
    assert not answer.found and answer.value is None
    assert "报告未披露败诉率" in answer.reason
    assert answer.related and all(c.district == "东城街道" for c in answer.related)


def test_a_year_past_the_report_is_not_answered_from_it(sample_service: QAService) -> None:
    answer = sample_service.ask("东城街道2023年出庭应诉率")  # the 2022 report plans 2023 in a heading
    assert not answer.found and "2022年" in answer.reason


def test_a_qualified_place_that_contradicts_the_indexed_one_is_refused(sample_service: QAService) -> None:
    answer = sample_service.ask("北京市东城区行政机关负责人出庭应诉率")
    assert not answer.found and "北京市东城区" in answer.reason and "东莞市东城街道" in answer.reason


def test_a_place_named_beside_the_indexed_one_must_be_what_the_figure_is_of(
    sample_service: QAService,
) -> None:
    # 南城街道 is not indexed: 东城街道's 16宗 is not its figure; the 东莞 of 东城街道（东莞） encloses it
    answer = sample_service.ask("东城街道2022年南城街道的行政诉讼案件有多少宗")
    assert not answer.found and answer.related and "未披露南城街道的" in answer.reason
    assert sample_service.ask("东城街道（东莞）2022年行政诉讼案件有多少宗").found


def test_documents_say_what_they_are_and_how_that_was_read(sample_service: QAService) -> None:
    docs = {d.district: d for d in sample_service.documents()}
    assert docs["笋岗街道"].genre == "法治政府建设报告" and docs["笋岗街道"].sources["district"] == "title"
    assert docs["黄石街道"].city == "广州市白云区" and docs["黄石街道"].placed


def test_history_entries_are_bounded_like_questions(sample_service: QAService) -> None:
    limit = sample_service.settings.max_question_chars
    with pytest.raises(InvalidQuestion, match="history"):
        sample_service.ask("那四季青街道呢", history=["东城街道出庭率" + "。" * limit])


def test_a_resolved_follow_up_is_bounded_too(sample_service: QAService) -> None:
    limit = sample_service.settings.max_question_chars
    earlier = "东城街道" + "出" * (limit - 4)  # at the limit; 四季青街道 is one character longer
    with pytest.raises(InvalidQuestion, match="follow-up"):
        sample_service.ask("那四季青街道呢", history=[earlier])


def test_a_lay_head_is_checked_by_its_naming_words(sample_service: QAService) -> None:
    # 防 (an everyday verb) is left out of the check: 诈骗 and its synonym 反诈 state the head
    answer = sample_service.ask("四季青街道2023年给居民开了多少次防诈骗的课？")
    assert answer.found and "反诈课堂286次" in answer.answer


def test_a_checked_figure_needs_no_word_share(
    sample_service: QAService, sample_index: Path, fake_encoder: FakeEncoder
) -> None:
    """领导, 亲自上法庭, 去了几回: few of the question's words are the report's, but the typed check
    finds 出庭应诉 with a count of times, so the answer is given (the word-share gate refused it)."""
    question = "东城街道的领导2022年亲自上法庭应诉去了几回？"
    answer = sample_service.ask(question)
    assert answer.found and answer.value is not None and "出庭" in answer.answer
    gated = make_settings(sample_index, answer_weights={"checked_coverage": 0.6})
    assert not QAService(sample_service.data, fake_encoder, gated).ask(question).found


def test_an_everyday_phrase_is_kept_whole_unless_part_of_a_word(sample_service: QAService) -> None:
    assert sample_service._words(" 社零有多少") == ["社零", "有", "多少"]  # jieba glued 社零 to 有
    assert "失业率" in sample_service._words(" 城镇调查失业率是多少")  # 失业 is listed, 失业率 a word
    assert sample_service._words(" 地铁一共通了多少公里")[:3] == ["地铁", "一共", "通"]  # not 一, 共通


def test_a_verb_glued_to_a_noun_is_parted(sample_service: QAService) -> None:
    """jieba's HMM makes 楼有 and 额是 words; the noun ends the word before it (亿元楼), the verb stands
    apart — so a refusal names 亿元楼, not 亿元楼有 — but not a pronoun's 各 of 各有."""
    assert sample_service._words(" 税收亿元楼有多少栋")[:3] == ["税收", "亿元楼", "有"]
    assert "完成额" in sample_service._words(" 固定资产投资完成额是多少")
    assert "学位各" not in sample_service._words(" 学前教育学位各有多少")
    assert sample_service._words(" 财政赤字率拟按多少安排")[:2] == ["财政赤字率", "拟"]  # jieba: 率拟
    assert sample_service._words(" 在教育上花了多少钱")[:4] == ["在", "教育", "上", "花"]  # jieba: 上花


def test_a_question_ending_in_an_adverb_asks_about_the_noun_before(sample_service: QAService) -> None:
    assert sample_service._slot("空气里的PM2.5一年平均下来有多少？", None).head == ("PM2.5",)


def test_the_shipped_verifier_scores_and_decides_answers(
    sample_service: QAService, sample_index: Path, fake_encoder: FakeEncoder
) -> None:
    """With the verifier on, an answer's confidence is the verifier's probability of its features, and
    an answer below the threshold (a setting) is withheld with the nearest evidence."""
    verifier = shipped_verifier()
    assert verifier is not None and 0.0 < verifier.threshold < 1.0
    question = "东城街道行政诉讼出庭率"
    on = QAService(sample_service.data, fake_encoder, make_settings(sample_index, verifier=True))
    answer = on.ask(question)
    assert answer.found and answer.confidence == round(verifier.probability(answer.features), 3)
    strict = QAService(
        sample_service.data, fake_encoder, make_settings(sample_index, verifier=True, min_confidence=1.0)
    )
    withheld = strict.ask(question)
    assert not withheld.found and withheld.related and "可信度" in withheld.answer


def test_the_verifier_is_told_whether_the_figure_is_in_the_unit_asked(sample_service: QAService) -> None:
    asked = sample_service.ask("东城街道2022年收到行政诉讼案件多少宗")
    assert asked.found and asked.features["unit_asked"] == 1.0 and asked.features["unit_exact"] == 1.0
    assert asked.features["no_digits"] == 0.0
    rate = sample_service.ask("东城街道行政诉讼出庭率")
    assert rate.found and rate.features["unit_exact"] == 1.0  # 率 asks %, stated in %
    open_ended = sample_service.ask("东城街道的行政应诉工作做得怎么样")
    assert open_ended.features.get("unit_asked", 0.0) == 0.0


def test_a_figure_no_fact_was_made_of_still_leads_the_answer() -> None:
    """粮食总产量1640.06亿斤: 斤 is no unit the extractor knows, so no fact holds it — the value shown
    first is the figure as written, with its own words as what it measures."""
    text = "全省地区生产总值增长4.2%，粮食总产量1640.06亿斤，城镇新增就业35.8万人。"
    meta = Metadata("黑龙江省政府工作报告", "黑龙江省", "", "省", 2025, None)
    report = Report("hlj", "", "", meta, text)
    figure = next(f for f in figures_in(text, 0, []) if "1640" in text[slice(*f.written)])
    value = QAService._value(figure, report)
    assert value is not None
    assert (value["text"], value["unit"], value["indicator"]) == ("1640.06亿斤", "斤", "粮食总产量")
    assert value["value"] == 1.64006e11 and text[value["start"] : value["end"]] == "1640.06亿斤"


def _service_of(tmp_path: Path, encoder: FakeEncoder, text: str, **overrides: object) -> QAService:
    """A service over one report of ``text``, indexed under ``tmp_path``."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text(text, encoding="utf-8")
    ingest_paths([reports], root=tmp_path / "index", encoder=encoder, progress=False)
    return QAService(load_index(tmp_path / "index"), encoder, make_settings(tmp_path / "index", **overrides))


def test_a_keyword_query_ending_in_a_measured_word_is_a_figure_question(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    """里程 is followed by a number in every use of this report: a keyword query ending in it asks for
    that figure (and is checked as one); one ending in 措施 (never so followed) does not."""
    years = "".join(f"{y}年运营里程达到{y - 1900}公里，完善管理措施。" for y in range(2010, 2022))
    service = _service_of(tmp_path, fake_encoder, f"某某区2021年政府工作报告\n一、工作回顾\n{years}\n")
    assert service._names_a_measure("某某区2021年运营里程")
    assert not service._names_a_measure("某某区2021年运营里程有什么变化")  # it asks otherwise
    assert not service._names_a_measure("某某区2021年管理措施")


def test_the_value_shown_first_is_in_the_unit_asked(sample_service: QAService) -> None:
    # 进行调解8次,化解矛盾纠纷5起: 多少起 is answered by the 起, not the 次 before it
    answer = sample_service.ask("四季青街道2023年调解了多少起纠纷")
    assert answer.found and answer.value is not None and answer.value["text"] == "5起"


def test_the_report_a_question_names_is_no_head_word(sample_service: QAService) -> None:
    # 2025年广东省政府工作报告的经济增长目标 was refused as 报告未披露报告经济增长
    assert "报告" not in "".join(sample_service._slot("2025年政府工作报告的经济增长目标", 2024).head)
    answer = sample_service.ask("东城街道2022年法治政府建设报告里提到的出庭应诉率是多少")
    assert answer.found and answer.value is not None and answer.value["text"] == "70%"


def test_a_which_place_in_order_question_is_answered_only_by_a_rank(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    """排第几 asks for a rank: a sentence giving only the figure is no answer, nor a per-person rank
    for the total's."""
    text = (
        "某某区2021年政府工作报告\n一、工作回顾\n全区地区生产总值达500亿元，增长6%。\n"
        "人均地区生产总值居全省第5位。\n粮食生产实现二十一连丰。\n"
    )
    service = _service_of(tmp_path, fake_encoder, text, min_coverage=0.0)
    assert "没有说到这个排名" in service.ask("某某区2020年地区生产总值排全省第几").answer
    assert "第5位" in service.ask("某某区2020年人均地区生产总值排全省第几").answer
    assert "二十一连丰" in service.ask("某某区2020年粮食是连续第几年丰收").answer


def test_a_plans_question_is_answered_by_the_plans_section(sample_service: QAService) -> None:
    # 下一步 is searched as 一步, which 二、存在问题's (二)普法宣传有待进一步深入 also holds
    answer = sample_service.ask("黄石街道下一步工作计划")
    assert answer.found and "全力打造服务型政府" in answer.answer and "有待进一步深入" not in answer.answer


def test_a_head_the_reports_state_in_percent_asks_for_a_share(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    """健康素养水平 is stated in % by the reports' facts (not a change of it, nor a share of it): 居民健康素养
    水平为多少 asks for that %, though it names no share word; 常住人口 stays a count."""
    body = "。".join(f"{y}年，居民健康素养水平{30 + y - 2015}%，常住人口{y}万人" for y in range(2016, 2020))
    service = _service_of(tmp_path, fake_encoder, f"某某区2019年政府工作报告\n一、2019年工作回顾\n{body}。\n")
    assert service._slot("居民健康素养水平为多少", None).rate
    assert not service._slot("常住人口为多少", None).rate


def test_a_refusal_names_the_figures_of_the_kind_asked_where_retrieval_found_them(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    """烦心事 is no wording the check can read, and the figure's words cover little of the question; but
    the passage retrieved first states a count of 件 for the year asked: the refusal names it."""
    text = (
        "某某街道2023年法治政府建设工作报告\n一、主要工作\n"
        "街道为居民办结群众诉求356件，群众满意率98%。\n二、存在问题\n宣传力度不够。\n"
    )
    service = _service_of(tmp_path, fake_encoder, text)
    answer = service.ask("某某街道2023年帮居民把多少件烦心事办妥了")
    assert not answer.found
    assert any("356件" in c.text for c in answer.related) and "356件" in answer.answer


def test_a_place_named_inside_another_is_not_answered_by_the_whole(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    """深圳新建的公园里福田区有几个: 深圳市's 新建公园117个 is the city's whole, not 福田区's, whose
    report says nothing of its parks."""
    reports = tmp_path / "reports"
    reports.mkdir()
    city = "深圳市2020年政府工作报告\n一、2019年工作回顾\n新建公园117个，总数达1090个。\n"
    (reports / "city.txt").write_text(city, encoding="utf-8")
    district = "福田区2020年政府工作报告\n一、2019年工作回顾\n新建学校3所。\n"
    (reports / "district.txt").write_text(district, encoding="utf-8")
    ingest_paths([reports], root=tmp_path / "index", encoder=fake_encoder, progress=False)
    service = QAService(load_index(tmp_path / "index"), fake_encoder, make_settings(tmp_path / "index"))
    answer = service.ask("2019年深圳新建的公园里福田区有几个？")
    assert not answer.found and "福田的新建公园" in answer.reason
    assert service.ask("2019年深圳新建公园有几个？").found  # the city's own question is the city's


def test_a_which_question_searches_the_units_inside_the_place_it_names(sample_service: QAService) -> None:
    """广州哪个街道: 广州 is not indexed, but 黄石街道 (广州市白云区) is, and answers; 杭州's 四季青街道 has
    no 外籍志愿者服务队, and 黄石街道 is not 杭州's."""
    answer = sample_service.ask("广州哪个街道成立了外籍志愿者服务队")
    assert answer.found and answer.answer.startswith("黄石街道")
    assert not sample_service.ask("杭州哪个街道成立了外籍志愿者服务队").found
