"""`casefile snapshot`: the window rendered offscreen after loading and selecting, as a PNG."""

from PySide6.QtGui import QColor, QImage

from desktop.app import snapshot
from desktop.ingest.case_toml import stable_uid
from desktop.ui.reading_view import COLOURS
from tests.conftest import run_cli

# A claim of the sample case with supporting and contradicting citations (seeds/case.toml).
CLAIM = "claim:" + stable_uid("claim", "eo-voluntary")


def _has_colour(image: QImage, colour: str) -> bool:
    wanted = QColor(colour).rgb()
    return any(image.pixel(x, y) == wanted
               for y in range(0, image.height(), 3) for x in range(0, image.width(), 3))


def test_the_command_writes_a_png_of_the_asked_size(built_sample, tmp_path):
    out = tmp_path / "window.png"
    result = run_cli("snapshot", built_sample, out, "--select", CLAIM, "--size", "1000x700")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)


def test_a_selected_claim_shows_its_highlighted_words(built_sample, tmp_path, qapp):
    out = tmp_path / "reading.png"
    kind, uid = CLAIM.split(":")
    snapshot(built_sample, out, (kind, uid), pane="reading")
    image = QImage(str(out))
    assert image.width() < 1000  # the reading pane only, not the whole window
    assert _has_colour(image, COLOURS["supports"]) and _has_colour(image, COLOURS["contradicts"])


def test_a_pane_alone(built_sample, tmp_path, qapp):
    out = tmp_path / "inspector.png"
    snapshot(built_sample, out, ("claim", CLAIM.split(":")[1]), pane="inspector")
    assert 0 < QImage(str(out)).width() < 700


def test_the_comparison_pane_shows_its_badges(built_sample, tmp_path):
    out = tmp_path / "comparison.png"
    result = run_cli("snapshot", built_sample, out, "--pane", "comparison")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() > 1000 and image.height() > 300
    assert _has_colour(image, "#fff3d6")  # the tint of a cell in conflict


def test_the_annotations_pane_alone(built_sample, tmp_path):
    out = tmp_path / "annotations.png"
    result = run_cli("snapshot", built_sample, out, "--pane", "annotations")
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() > 1000


def test_bad_requests_fail_with_one_line(built_sample, tmp_path):
    out = tmp_path / "x.png"
    missing = run_cli("snapshot", built_sample, out, "--select", "claim:no-such-uid")
    assert missing.returncode == 2 and "no claim with uid no-such-uid" in missing.stderr
    assert not out.exists()
    for args in (("--size", "12x9"), ("--select", "briefing:1"), ("--pane", "nowhere"),
                 ("--pane", "timeline", "--zoom", "0")):
        result = run_cli("snapshot", built_sample, out, *args)
        assert result.returncode == 2 and result.stderr.startswith("casefile: error:"), args
    not_a_case = tmp_path / "notes.txt"
    not_a_case.write_text("hello")
    result = run_cli("snapshot", not_a_case, out)
    assert result.returncode == 2 and "notes.txt" in result.stderr
    nowhere = run_cli("snapshot", built_sample, tmp_path / "no" / "x.png")
    assert nowhere.returncode == 2 and "no folder" in nowhere.stderr
