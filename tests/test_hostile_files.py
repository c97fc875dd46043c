"""Reliability and security of everything hedgekit loads or reads (issue 5).

A table of hostile and broken files: model files (nothing is ever unpickled or executed), lexicon
files (errors name the file and line), corpus XML (entity bombs and external entities refused
quickly, no file or network access, deep nesting, malformed XML names the file and line), and
the files given to ``hedgekit score`` (a clear error per file, the others still scored, a non-zero
exit at the end; ``--lines`` gives exactly one record per input line).
"""

from __future__ import annotations

import ast
import base64
import csv
import gzip
import io
import json
import pickle
import re
import socket
import tempfile
import time
from unittest import mock
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import hedgekit
from conftest import tiny_model
from hedgekit import cli
from hedgekit import text as hk_text
from hedgekit.errors import CorpusError, HedgekitError, LexiconError, ModelError
from hedgekit.lexicon import HEADER
from hedgekit.model import _checksum, load_model

PACKAGE = Path(hedgekit.__file__).resolve().parent
SECRET = "TOP-SECRET-MARKER-7f3a9c"


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    p = tmp_path_factory.mktemp("model") / "tiny.json"
    tiny_model().save(p)
    return str(p)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = cli.main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


# ========================================================================================= models


def _model_dict() -> dict:
    return tiny_model().to_json(binary=False)  # format 1: weights as lists, to edit by hand


def _resign(d: dict) -> dict:
    """Recompute the checksum, so that the checks behind it are reached (a deliberate, valid-looking edit)."""
    try:
        d["checksum"] = _checksum(d["experts"], d["gate"], d["thresholds"], d["intercept"], d["feature_config"],
                                  d["features"], d["coef"], d["lexicon_hash"])
    except (TypeError, ValueError, KeyError):
        pass  # weights that are not a rectangle of numbers: the loader must refuse them before the checksum
    return d


def _with(key: str, value, resign: bool = True):
    def mutate(d: dict) -> dict:
        d[key] = value
        return _resign(d) if resign else d
    return mutate


def _without(key: str):
    def mutate(d: dict) -> dict:
        del d[key]
        return d
    return mutate


def _coef(value, row: int = 0):
    def mutate(d: dict) -> dict:
        d["coef"][row][0] = value
        return _resign(d)
    return mutate


def _edit_weight(d: dict) -> dict:
    d["coef"][0][0] = 2.5  # without updating the checksum: a corrupted or hand-edited file
    return d


MODEL_CASES = {
    "format_version_3": (_with("format_version", 3), r"format_version 3 is not supported"),
    "format_version_float": (_with("format_version", 1.0), r"format_version 1.0 is not supported"),
    "format_version_str": (_with("format_version", "1"), r"format_version '1' is not supported"),
    "format_version_null": (_with("format_version", None), r"format_version None is not supported"),
    "kind": (_with("kind", "sklearn-pickle"), r"kind 'sklearn-pickle'"),
    "huge_weight": (_coef(1e300), r"weights must lie in"),
    "string_weight": (_coef("3.0"), r"weights must be numbers"),
    "bool_weight": (_coef(True), r"weights must be numbers"),
    "null_weight": (_coef(None), r"weights must be numbers|NaN or infinite"),
    "list_weight": (_coef([1.0, 2.0]), r"weights must be numbers|shape mismatch"),
    "object_weight": (_coef({"w": 1}), r"weights must be numbers"),
    "short_row": (lambda d: _resign({**d, "coef": [d["coef"][0][:0]] + d["coef"][1:]}), r"shape mismatch"),
    "long_row": (lambda d: _resign({**d, "coef": [d["coef"][0] * 2] + d["coef"][1:]}), r"shape mismatch"),
    "extra_feature": (lambda d: _resign({**d, "features": d["features"] + ["w:x"]}), r"shape mismatch: 5 features but 4"),
    "intercept_len": (_with("intercept", [0.0, 1.0]), r"shape mismatch"),
    "coef_not_list": (_with("coef", {"a": 1}), r"'coef' must be a list of rows"),
    "duplicate_feature": (lambda d: _resign({**d, "features": [d["features"][0]] * 4}), r"duplicate feature"),
    "threshold_out_of_range": (_with("thresholds", {"auto": 1.5, "default": 0.5}), r"threshold 'auto' must be a number in \(0, 1\), got 1.5"),
    "threshold_missing": (_with("thresholds", {"auto": 0.5}), r"thresholds for \['default'\] are missing"),
    "unknown_feature_family": (_with("feature_config", {"words": True, "telepathy": True}), r"unknown feature families"),
    "gate_not_expert": (_with("gate", ["other"]), r"gate must name experts"),
    "no_experts": (_with("experts", []), r"'experts' must be a non-empty list"),
    "edited_weight": (_edit_weight, r"checksum mismatch"),
    "not_an_object": (lambda d: [d], r"holds a JSON object, got list"),
    **{f"missing_{k}": (_without(k), rf"missing keys \['{k}'\]") for k in
       ("format_version", "kind", "experts", "coef", "features", "intercept", "lexicon_hash", "checksum")},
}


def _binary(edit):
    """A format-2 (binary weights) file with ``edit(coef_dict, weights)`` applied, then re-signed
    when the weights still decode (so the checks behind the checksum are reached)."""
    def mutate(d: dict) -> dict:
        d = tiny_model().to_json()
        edit(d["coef"], np.frombuffer(base64.b64decode(d["coef"]["base64"]), dtype="<f4").copy())
        try:
            w = np.frombuffer(base64.b64decode(d["coef"]["base64"], validate=True), dtype="<f4")
            d["checksum"] = _checksum(d["experts"], d["gate"], d["thresholds"], d["intercept"], d["feature_config"],
                                      d["features"], w.astype(np.float64).reshape(d["coef"]["shape"]),
                                      d["lexicon_hash"])
        except (ValueError, TypeError):
            pass
        return d
    return mutate


def _put(w: np.ndarray, value: float):
    def edit(c: dict, _: np.ndarray) -> None:
        w[0] = value
        c["base64"] = base64.b64encode(w.tobytes()).decode()
    return edit


_W = np.zeros(4, dtype="<f4")
MODEL_CASES.update({
    "binary_bad_base64": (_binary(lambda c, w: c.update(base64="@@not base64@@")), r"coef is not valid base64"),
    "binary_short": (_binary(lambda c, w: c.update(base64=base64.b64encode(w.tobytes()[:-4]).decode())),
                     r"shape mismatch: coef holds 12 bytes, \[4, 1\] float32 need 16"),
    "binary_dtype": (_binary(lambda c, w: c.update(dtype="<f8")), r"coef dtype '<f8' is not supported"),
    "binary_shape": (_binary(lambda c, w: c.update(shape=[2, 2])), r"shape mismatch: coef shape \[2, 2\]"),
    "binary_keys": (_binary(lambda c, w: c.update(pickle="x")), r"'coef' must be an object with keys"),
    "binary_payload_type": (_binary(lambda c, w: c.update(base64=[1, 2])), r"'base64' must be a string"),
    "binary_nan": (_binary(_put(_W.copy(), np.nan)), r"NaN or infinite"),
    "binary_inf": (_binary(_put(_W.copy(), np.inf)), r"NaN or infinite"),
    "binary_huge": (_binary(_put(_W.copy(), 3e38)), r"weights must lie in"),
    "binary_edited": (lambda d: {**(m := tiny_model().to_json()),
                                 "coef": {**m["coef"], "base64": base64.b64encode(b"\0" * 16).decode()}},
                      r"checksum mismatch"),
})


@pytest.mark.parametrize(
    "case", sorted(MODEL_CASES))
@pytest.mark.parametrize("suffix", [".json", ".json.gz"])
def test_bad_model_files(tmp_path: Path, case: str, suffix: str) -> None:
    mutate, message = MODEL_CASES[case]
    raw = json.dumps(mutate(_model_dict())).encode()
    p = tmp_path / ("model" + suffix)
    p.write_bytes(gzip.compress(raw) if suffix.endswith(".gz") else raw)
    with pytest.raises(ModelError, match=message) as e:
        load_model(p)
    assert isinstance(e.value, HedgekitError) and isinstance(e.value, ValueError)
    assert str(p) in str(e.value)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
@pytest.mark.parametrize("where", ['"coef": [[3.0', '"intercept": [-2.0'])
def test_non_finite_weights_refused(tmp_path: Path, constant: str, where: str) -> None:
    text = json.dumps(_model_dict())
    assert where in text
    p = tmp_path / "m.json"
    p.write_text(text.replace(where, where.split("[")[0] + "[" * where.count("[") + constant))
    with pytest.raises(ModelError, match=r"finite") as e:
        load_model(p)
    assert str(p) in str(e.value)


def test_truncated_model_files(tmp_path: Path) -> None:
    good = json.dumps(_model_dict()).encode()
    for cut in (0, 1, 10, len(good) // 2, len(good) - 1):
        p = tmp_path / "m.json"
        p.write_bytes(good[:cut])
        with pytest.raises(ModelError, match=r"invalid or truncated JSON at line 1") as e:
            load_model(p)
        assert str(p) in str(e.value)
        gz = gzip.compress(good)
        p2 = tmp_path / "m.json.gz"
        p2.write_bytes(gz[: max(2, cut * len(gz) // len(good))])
        with pytest.raises(ModelError, match=r"corrupt or truncated gzip|truncated JSON"):
            load_model(p2)


@pytest.mark.parametrize("data", [b"\xff\xfe\x00garbage", b"\x00" * 100, bytes(range(256)), b"\x1f\x8bnot gzip"])
def test_binary_model_files(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "m.json"
    p.write_bytes(data)
    with pytest.raises(ModelError):
        load_model(p)


class _Exploit:
    """Unpickling this creates a marker file: proof that code from the file ran."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("name", ["model.json", "model.json.gz", "model.pkl", "model.npy"])
@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_pickle_files_are_never_unpickled(tmp_path: Path, name: str, protocol: int) -> None:
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Exploit(str(marker)), protocol=protocol)
    p = tmp_path / name
    p.write_bytes(gzip.compress(payload) if name.endswith(".gz") else payload)
    with pytest.raises(ModelError):
        load_model(p)
    with pytest.raises(ModelError):
        hedgekit.Scorer(model=str(p))
    assert not marker.exists()


def test_lexicon_hash_mismatch_is_refused(tmp_path: Path, capsys) -> None:
    unrelated = hedgekit.Lexicon([("maybe", "epistemic", 0.5)])
    with pytest.raises(ModelError, match="trained with lexicon") as e:
        hedgekit.Scorer(lexicon=unrelated)
    assert isinstance(e.value, HedgekitError) and isinstance(e.value, ValueError)
    # a (validly signed) model file that names another lexicon, with the shipped lexicon
    p = tmp_path / "other.json"
    tiny_model("sha256:" + "0" * 64).save(p)
    with pytest.raises(ModelError, match=f"the model {re.escape(str(p))} was trained with lexicon"):  # names the file
        hedgekit.Scorer(model=str(p))
    # and through the command: one error line, exit 1
    text = tmp_path / "t.txt"
    text.write_text("It may rain.")
    rc, out, err = run(capsys, "score", "--model", str(p), str(text))
    assert rc == 1 and out == "" and err.count("\n") == 1 and "trained with lexicon" in err


#: Modules whose names must never be imported by hedgekit: they deserialize (or run) code.
_UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib", "yaml",
                   "jsonpickle", "torch"}
_UNSAFE_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "input"}


def _package_modules() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert any(f.name == "model.py" for f in files) and any(f.name == "readers.py" for f in files)
    return files


@pytest.mark.parametrize("path", _package_modules(), ids=lambda p: p.name)
def test_package_never_unpickles_or_evaluates(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            problems += [a.name for a in node.names if a.name.split(".")[0] in _UNSAFE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in _UNSAFE_MODULES:
            problems.append(f"from {node.module}")
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in _UNSAFE_CALLS:
                problems.append(f"{f.id}() at line {node.lineno}")
            if isinstance(f, ast.Attribute) and f.attr in ("load", "loads") and isinstance(f.value, ast.Name) \
                    and f.value.id in ("pickle", "marshal", "yaml", "np", "numpy", "joblib", "torch"):
                problems.append(f"{f.value.id}.{f.attr}() at line {node.lineno}")
            for kw in node.keywords:
                if kw.arg == "allow_pickle" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    problems.append(f"allow_pickle at line {node.lineno}")
    for needle in ("allow_pickle=True", "pickle.load", "eval(", "exec("):
        for no, line in enumerate(source.splitlines(), 1):
            code = line.split("#")[0]
            if needle in code and not code.strip().startswith(("'", '"')):
                problems.append(f"{needle!r} at line {no}")
    assert not problems, f"{path.name}: {problems}"


# ======================================================================================== lexicons


def _lexicon_file(tmp_path: Path, *rows: str, header: str = "\t".join(HEADER)) -> Path:
    p = tmp_path / "my lexicon.tsv"
    p.write_text("\n".join((header, "about <num>\tapproximation\t0.5\tuser\t") + rows) + "\n", encoding="utf-8")
    return p


LEXICON_CASES = [
    (("maybe\tepistemic\t0.5",), 3, r"expected 5 tab-separated columns"),
    (("maybe\tepistemic\t0.5\tuser\tnote\textra",), 3, r"expected 5 tab-separated columns"),
    (("maybe epistemic 0.5 user note",), 3, r"expected 5 tab-separated columns"),
    (("maybe\tvibes\t0.5\tuser\t",), 3, r"unknown category 'vibes'"),
    (("maybe\tunspecified\t0.5\tuser\t",), 3, r"unknown category 'unspecified'"),
    (("maybe\tepistemic\t1.5\tuser\t",), 3, r"weight"),
    (("maybe\tepistemic\t-0.1\tuser\t",), 3, r"weight"),
    (("maybe\tepistemic\tinf\tuser\t",), 3, r"weight"),
    (("maybe\tepistemic\t1e999\tuser\t",), 3, r"weight"),
    (("maybe\tepistemic\tnan\tuser\t",), 3, r"NaN"),
    (("maybe\tepistemic\thigh\tuser\t",), 3, r"weight 'high'"),
    (("maybe\tepistemic\t0.5\tuser\t", "maybe\tepistemic\t0.5\tuser\t"), 4, r"duplicate"),
    (("maybe\tepistemic\t0.5\tuser\t", "maybe\tdoxastic\t0.7\tuser\t"), 4, r"duplicate"),
    (("might\tepistemic\t0.5\tuser\t", "maybe\tepistemic\t0.5\tuser\t"), 4, r"out of order"),
    (("maybe\tepistemic\t0.5\tnowhere\t",), 3, r"unknown source"),
    (("Maybe\tepistemic\t0.5\tuser\t",), 3, r"lower case"),
    (("maybe\tepistemic\t0.5\tuser\t", "", "might\tepistemic\t0.5\tuser\t"), 4, r"blank line"),
    (("may <date>\tpseudo\t0\tuser\t",), 3, r"placeholder"),
]


@pytest.mark.parametrize("rows, line, message", LEXICON_CASES)
def test_bad_lexicon_files_name_file_and_line(tmp_path: Path, rows, line: int, message: str) -> None:
    p = _lexicon_file(tmp_path, *rows)
    with pytest.raises(LexiconError, match=message) as e:
        hedgekit.load_lexicon(p)
    assert f"{p}: line {line}:" in str(e.value)
    assert isinstance(e.value, HedgekitError) and isinstance(e.value, ValueError)


def test_bad_lexicon_header_and_encoding(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"line 1: header"):
        hedgekit.load_lexicon(_lexicon_file(tmp_path, header="cue\tcategory"))
    p = tmp_path / "latin.tsv"
    p.write_bytes("\t".join(HEADER).encode() + b"\npeut-\xeatre\tepistemic\t0.5\tuser\t\n")
    with pytest.raises(LexiconError, match=rf"{p}: line 2: not UTF-8"):
        hedgekit.load_lexicon(p)
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(LexiconError):
        hedgekit.load_lexicon(p)


def test_bad_lexicon_in_the_command(tmp_path: Path, capsys, model_path: str) -> None:
    lex = _lexicon_file(tmp_path, "maybe\tvibes\t0.5\tuser\t")
    text = tmp_path / "t.txt"
    text.write_text("It may rain.")
    rc, out, err = run(capsys, "score", "--lexicon", str(lex), "--model", model_path, str(text))
    assert rc == 1 and out == ""
    assert err.count("\n") == 1 and f"{lex}: line 3:" in err and "Traceback" not in err


# ===================================================================================== corpus XML

_BIOSCOPE_BODY = (
    '<Annotation created="x"><DocumentSet><Document type="Bio"><DocID type="PMID">1</DocID>'
    '<DocumentPart type="AbstractText"><sentence id="S1.1">It {x} <cue type="speculation" ref="X1">may</cue>'
    " work.</sentence></DocumentPart></Document></DocumentSet></Annotation>"
)


def _bioscope(doctype: str, x: str = "") -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + "\n" + _BIOSCOPE_BODY.replace("{x}", x)


class _Listener:
    """A local TCP port that records whether anything connected to it."""

    def __enter__(self) -> _Listener:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        return self

    def connected(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True

    def __exit__(self, *exc) -> None:
        self.sock.close()


def _laughs(depth: int = 10) -> str:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, depth)]
    return "<!DOCTYPE Annotation [\n" + "\n".join(ents) + "\n]>"


def _hostile_cases(tmp: Path, url: str) -> dict[str, tuple[str, str]]:
    secret = tmp / "secret.txt"
    return {
        "billion_laughs": (_laughs(), "&lol9;"),
        "quadratic_blowup": (f'<!DOCTYPE Annotation [<!ENTITY a "{"x" * 50_000}">]>', "&a;" * 50_000),
        "external_file_entity": (f'<!DOCTYPE Annotation [<!ENTITY s SYSTEM "file://{secret}">]>', "&s;"),
        "external_relative_entity": ('<!DOCTYPE Annotation [<!ENTITY s SYSTEM "secret.txt">]>', "&s;"),
        "external_http_entity": (f'<!DOCTYPE Annotation [<!ENTITY s SYSTEM "{url}/s.txt">]>', "&s;"),
        "external_public_entity": (f'<!DOCTYPE Annotation [<!ENTITY s PUBLIC "-//X//Y" "{url}/p.txt">]>', "&s;"),
        "external_parameter_entity": (f'<!DOCTYPE Annotation [<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;]>', ""),
        "parameter_entity_file": (f'<!DOCTYPE Annotation [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>', ""),
        "internal_entity": ('<!DOCTYPE Annotation [<!ENTITY s "harmless">]>', "&s;"),
        "unparsed_entity": (f'<!DOCTYPE Annotation [<!NOTATION n SYSTEM "x"><!ENTITY u SYSTEM "{url}/u" NDATA n>]>', ""),
    }


@pytest.mark.parametrize("fmt", ["bioscope", None])
@pytest.mark.parametrize("case", ["billion_laughs", "quadratic_blowup", "external_file_entity",
                                  "external_relative_entity", "external_http_entity", "external_public_entity",
                                  "external_parameter_entity", "parameter_entity_file", "internal_entity",
                                  "unparsed_entity"])
def test_hostile_xml_is_refused_quickly_without_any_access(tmp_path: Path, case: str, fmt) -> None:
    (tmp_path / "secret.txt").write_text(SECRET)
    with _Listener() as port:
        doctype, x = _hostile_cases(tmp_path, port.url)[case]
        p = tmp_path / "hostile.xml"
        p.write_text(_bioscope(doctype, x), encoding="utf-8")
        t0 = time.perf_counter()
        with pytest.raises(CorpusError, match=r"unsafe XML refused") as e:
            list(hedgekit.load_corpus(p, format=fmt))
        assert time.perf_counter() - t0 < 2.0
        assert str(p) in str(e.value) and SECRET not in str(e.value)
        assert not port.connected()


def test_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    """A DOCTYPE naming an external DTD (as BioScope and Szeged files do) is accepted, but the DTD
    is never fetched: a secret entity it would define stays undefined."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY s "{SECRET}">')
    with _Listener() as port:
        for system in (f"{port.url}/bioscope.dtd", "evil.dtd", f"file://{dtd}"):
            p = tmp_path / "a.xml"
            p.write_text(_bioscope(f'<!DOCTYPE Annotation SYSTEM "{system}">'))
            assert [s.text for s in hedgekit.load_corpus(p, format="bioscope")] == ["It  may work."]
            p.write_text(_bioscope(f'<!DOCTYPE Annotation SYSTEM "{system}">', "&s;"))
            with pytest.raises(CorpusError, match=r"a\.xml: malformed XML.*line 3") as e:
                list(hedgekit.load_corpus(p, format="bioscope"))
            assert SECRET not in str(e.value)
        assert not port.connected()


def test_xinclude_is_not_processed(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(SECRET)
    x = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="secret.txt" parse="text"/>'
    p = tmp_path / "a.xml"
    p.write_text(_bioscope("", x))
    sents = list(hedgekit.load_corpus(p, format="bioscope"))
    assert all(SECRET not in s.text for s in sents)


@pytest.mark.parametrize("fmt", ["bioscope", "szeged", "sfu"])
def test_deeply_nested_xml_does_not_crash(tmp_path: Path, fmt: str) -> None:
    d = 20_000  # far beyond Python's recursion limit
    inner = "<x>" * d + "It may work." + "</x>" * d
    body = {
        "bioscope": f'<Annotation><DocumentSet><Document><DocID>1</DocID><DocumentPart type="T"><sentence id="s">'
                    f"{inner}</sentence></DocumentPart></Document></DocumentSet></Annotation>",
        "szeged": f'<Annotation><DocumentSet><Document><DocID>1</DocID><DocumentPart type="T"><Sentence id="s">'
                  f"{inner}</Sentence></DocumentPart></Document></DocumentSet></Annotation>",
        "sfu": f'<DOCUMENT><P><SENTENCE>{"<C>" * d}<W>It</W><cue ID="1" type="speculation">{"<C>" * 50}'
               f'<W>may</W>{"</C>" * 50}</cue><W>work</W>{"</C>" * d}</SENTENCE></P></DOCUMENT>',
    }[fmt]
    p = tmp_path / "deep.xml"
    p.write_text(body)
    t0 = time.perf_counter()
    sents = list(hedgekit.load_corpus(p, format=fmt))
    assert time.perf_counter() - t0 < 5.0
    assert len(sents) == 1
    if fmt == "sfu":
        assert sents[0].text == "It may work" and [c.text for c in sents[0].cues] == ["may"]
    else:
        assert sents[0].text == "It may work."


@pytest.mark.parametrize(
    "head",
    [b"<!--" * 20_000, b"<!DOCTYPE [" * 6_000, b"<!DOCTYPE a [" + b"] " * 30_000, b"<!" * 40_000, b"<" * 70_000],
    ids=["unclosed_comments", "unclosed_doctypes", "brackets", "bangs", "lts"],
)
def test_format_sniffing_is_fast_on_hostile_heads(tmp_path: Path, head: bytes) -> None:
    p = tmp_path / "corpus.xml"
    p.write_bytes(head)
    t0 = time.perf_counter()
    with pytest.raises(CorpusError, match=r"cannot infer"):
        hedgekit.load_corpus(p)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize(
    "body, line",
    [
        ("<Annotation>\n<DocumentSet>\n<Document>\n</DocumentSet>\n</Annotation>", 4),
        ("<Annotation>\n\n\n\n<sentence id='1'>a & b</sentence>\n</Annotation>", 5),
        ("<Annotation>\n<sentence id='1'>unclosed\n", 3),
        ("<Annotation>\n<sentence id='1' id='2'>x</sentence>\n</Annotation>", 2),
        ("\n\n<Annotation>\x01</Annotation>", 3),
        ("<Annotation></Annotation>\n<second/>", 2),
    ],
)
def test_malformed_xml_names_file_and_line(tmp_path: Path, body: str, line: int) -> None:
    p = tmp_path / "broken corpus.xml"
    p.write_text(body, encoding="utf-8")
    for fmt in ("bioscope", "szeged", "sfu"):
        with pytest.raises(CorpusError, match=rf"malformed XML.* at line {line}, column \d+") as e:
            list(hedgekit.load_corpus(p, format=fmt))
        assert str(e.value).startswith(f"{p}: ")
        # one position, 1-based (expat's own text counted columns from 0: "column 98: ...: line 2, column 97")
        assert str(e.value).count("column") == 1, str(e.value)


def test_wrongly_encoded_xml_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "latin.xml"
    p.write_bytes(_bioscope("").replace("It ", "Caf\xe9\n").encode("latin-1"))
    with pytest.raises(CorpusError, match=rf"{p}: malformed XML \(or wrong encoding\) at line 3"):
        list(hedgekit.load_corpus(p, format="bioscope"))


# ================================================================================= files in the CLI


def test_bad_files_each_reported_and_the_rest_scored(tmp_path: Path, capsys, model_path: str) -> None:
    files = {
        "good1.txt": "It may rain. It rained.",
        "missing.txt": None,
        "binary.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10,
        "zeros.bin": b"\x00" * 5000,
        "latin1.txt": "Il est peut-être fermé.".encode("latin-1"),
        "utf16.txt": "It may rain.".encode("utf-16"),  # (its byte-order mark names its encoding: read)
        "utf16le.txt": "It may rain.".encode("utf-16-le"),  # (no mark: NUL bytes, a binary file)
        "cp1252.txt": "It \x93may\x94 rain.".encode("latin-1"),
        "good2.txt": "Probably not.",
        "dir": "DIR",
        "empty.txt": "",
        "good3.txt": "It is certain.",
    }
    paths = []
    for name, data in files.items():
        p = tmp_path / name
        if data == "DIR":
            p.mkdir()
        elif data is not None:
            p.write_bytes(data.encode() if isinstance(data, str) else data)
        paths.append(str(p))
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", *paths)
    assert rc == 1
    recs = [json.loads(line) for line in out.split("\n") if line]
    assert [(Path(r["input"]).name, r["text"]) for r in recs] == [
        ("good1.txt", "It may rain."), ("good1.txt", "It rained."), ("utf16.txt", "It may rain."),
        ("good2.txt", "Probably not."), ("good3.txt", "It is certain."),
    ]
    errors = err.splitlines()
    bad = ["missing.txt", "binary.png", "zeros.bin", "latin1.txt", "utf16le.txt", "cp1252.txt", "dir"]
    assert len(errors) == len(bad), err
    for line, name in zip(errors, bad):
        assert line.startswith(f"hedgekit: error: {tmp_path / name}: "), line
    assert "Traceback" not in err


def test_an_encoding_error_late_in_a_file_stops_only_that_file(tmp_path: Path, capsys, model_path: str) -> None:
    a = tmp_path / "late.txt"
    a.write_bytes(("It may rain. " * 20_000).encode() + b"\n\nOops \xff.\n\nAfter it.")
    b = tmp_path / "next.txt"
    b.write_text("Next file.")
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", str(a), str(b))
    assert rc == 1
    recs = [json.loads(line) for line in out.split("\n") if line]
    assert recs[-1]["input"] == str(b) and recs[-1]["text"] == "Next file."
    assert all("After it" not in r["text"] for r in recs)
    assert err.count("\n") == 1 and f"{a}: not valid utf-8" in err and "0xff" in err


def test_nul_bytes_after_the_first_block_and_in_text_are_scored(tmp_path: Path, capsys, model_path: str) -> None:
    p = tmp_path / "nul.txt"
    data = "It may rain. " * 1000 + "A NUL\x00 here."
    p.write_text(data)
    rc, out, err = run(capsys, "score", "--model", model_path, "-f", "jsonl", str(p))
    assert rc == 0 and err == ""
    recs = [json.loads(line) for line in out.split("\n") if line]
    assert recs[-1]["text"] == "A NUL\x00 here." and all(data[r["start"]:r["end"]] == r["text"] for r in recs)


# ------------------------------------------------------------------------------------ --lines

#: Characters that end a line for str.splitlines() but not for `hedgekit score --lines`, which
#: documents lines as ended as the file's first line break is: "\n" (or "\r\n"), else "\r" alone.
SPLITLINES_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
line_st = st.lists(st.one_of(st.sampled_from(list(SPLITLINES_BREAKS) + [" ", "\t", ".", "may", "😀", "é"]),
                             # no NUL: a NUL byte in the first 8 KB makes the file "binary" (documented)
                             st.characters(codec="utf-8", exclude_characters="\n\x00")), max_size=12).map("".join)
# (a file of CR-only line ends holds no other CR: it would end a line there)
lines_st = st.tuples(st.lists(line_st, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans()).map(
    lambda c: ([x.replace("\r", "") for x in c[0]], *c[1:]) if c[1] == "\r" else c)


def _expected_lines(data: str, window: int = hk_text.LINE_MODE_WINDOW) -> list[str]:
    """The documented lines: ended by "\\n" (a "\\r" before it dropped), or by "\\r", "\\r\\n" and "\\n"
    when, among the first ``window`` characters, the first line break is a "\\r" followed by text
    and such "\\r" outnumber the "\\n"; a final line without one counts; a byte-order mark at the
    very start is not part of line 1 (a file that is only one has no lines)."""
    if data.startswith("\ufeff"):
        data = data[1:]
    crs = [i for i in range(min(len(data) - 1, window)) if data[i] == "\r" and data[i + 1] not in "\r\n"]
    lfs = [i for i in range(min(len(data), window)) if data[i] == "\n"]
    if crs and (not lfs or crs[0] < lfs[0]) and len(crs) > len(lfs):
        parts = re.split(r"\r\n|\r|\n", data)
        if parts[-1] == "":
            parts.pop()
        return parts
    parts = data.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [p[:-1] if p.endswith("\r") else p for p in parts]


def _join(lines: list[str], sep: str, final: bool) -> str:
    return sep.join(lines) + (sep if final and lines else "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_st, st.sampled_from(["jsonl", "csv", "tsv", "table"]))
@example((["\ufeff"], "\n", False), "jsonl")            # only a byte-order mark: no lines
@example((["\ufeffmay", "x"], "\r\n", True), "csv")    # a BOM before line 1 is not part of it
def test_lines_gives_one_record_per_line(case, fmt: str) -> None:
    lines, sep, final = case
    data = _join(lines, sep, final)
    expected = _expected_lines(data)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "in.txt"
        p.write_bytes(data.encode("utf-8"))
        model = Path(tmp) / "m.json"
        tiny_model().save(model)
        buf = io.StringIO()
        import contextlib
        with contextlib.redirect_stdout(buf):
            rc = cli.main(["score", "--lines", "--model", str(model), "-f", fmt, str(p)])
    out = buf.getvalue()
    assert rc == 0
    if fmt == "jsonl":
        recs = [json.loads(x) for x in out.split("\n")[:-1]]
        assert [r["line"] for r in recs] == list(range(1, len(expected) + 1))
        assert [r["text"] for r in recs] == expected
        assert all(data[r["start"] : r["end"]] == r["text"] for r in recs)
    elif fmt == "csv":
        if any("\r" in x for x in expected):
            return  # a bare "\r" in a cell: see test_csv_quotes_carriage_returns
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        assert [r["text"] for r in rows] == expected
        assert [int(r["line"]) for r in rows] == list(range(1, len(expected) + 1))
    elif fmt == "tsv":
        rows = out.split("\n")[:-1]
        assert len(rows) == len(expected) + 1  # the header
        assert [r.split("\t")[1] for r in rows[1:]] == [str(i) for i in range(1, len(expected) + 1)]
    else:
        assert len(out.split("\n")[:-1]) == len(expected) + 1  # the header


@settings(max_examples=300, deadline=None)
@given(lines_st, st.lists(st.integers(0, 200), max_size=6), st.sampled_from([1 << 16, 1, 2, 5, 12]))
@example((["\ufeff"], "\n", False), [], 1 << 16)            # a file that is only a byte-order mark: no lines
@example((["\ufeffmay", "x"], "\r\n", True), [1, 2], 1 << 16)  # a BOM before line 1, cut right after it
@example((["may", "", "x"], "\r\n", True), [4, 5, 9], 1 << 16)  # a "\r\n" cut between its "\r" and "\n"
@example((["may", "", "x"], "\r", False), [3, 4], 1 << 16)     # CR-only lines, a block ending at a "\r"
@example((["may\r", "x\r"], "\r\n", True), [4, 5], 1 << 16)  # "\r\r\n" line ends: LF lines, each keeping a "\r"
@example((["m\ray", "x"], "\n", True), [], 1 << 16)  # a stray "\r" before the first "\n": LF lines
@example((["m\ray", "x"], "\n", True), [], 2)        # ... but no "\n" within the window: CR lines
@example((["", "", "0"], "\r", False), [2], 1 << 16)    # blank CR lines in a block before the one that decides
@example((["ab", "c"], "\r", False), [1, 2, 3], 2)      # the window's last "\r", its text in the next block
@example((["a", "b\nc", "d"], "\r", True), [2, 5], 1 << 16)  # CR rows, a cell's "\n" (Excel's CSV (Mac)): CR lines
@example((["a\rb", "c", "d"], "\n", True), [1, 3], 1 << 16)  # one stray "\r", more "\n": LF lines
@example((["a", "b", "c\rd\re\rf"], "\n", True), [], 1 << 16)  # a "\n" first: LF lines, however many "\r"
def test_line_scoring_does_not_depend_on_block_boundaries(case, cuts: list[int], window: int) -> None:
    lines, sep, final = case
    data = _join(lines, sep, final)
    points = sorted({min(c, len(data)) for c in cuts} | {0, len(data)})
    blocks = [data[a:b] for a, b in zip(points, points[1:]) if b > a]
    scorer = _SCORER
    with mock.patch.object(hk_text, "LINE_MODE_WINDOW", window):
        got = list(cli.iter_line_scores(scorer.score, iter(blocks)))
    expected = _expected_lines(data, window)
    assert [n for n, _ in got] == list(range(1, len(expected) + 1))
    assert [s.text for _, s in got] == expected
    assert all(data[s.start : s.end] == s.text for _, s in got)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_st, st.integers(2, 40))
@example((["It may\rrain.", "It rains."], "\n", True), 1 << 16)  # a stray CR stays in its line
@example((["a", "b", "c"], "\r", True), 1 << 16)  # CR lines (old Mac)
@example((["{"], "\n", False), 2)  # a bracket alone was refused as JSON's opening (found by this test)
@example((["[", "It may rain."], "\n", True), 2)
def test_a_sentence_list_has_the_lines_of_score_lines(case, window: int) -> None:
    """A CoNLL-2010 list's sentences are ``score --lines``' lines (stripped, blank ones skipped), at
    their line numbers: one rule for both (:func:`hedgekit.text.cr_line_ends`)."""
    from hedgekit.readers import load_corpus

    lines, sep, final = case
    data = _join(lines, sep, final)
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(hk_text, "LINE_MODE_WINDOW", window):
        path = Path(tmp) / "list_uncertain.txt"
        path.write_bytes(data.encode("utf-8"))
        got = [(s.text, dict(s.meta)["line"]) for s in load_corpus(path)]
    expected = [(x.strip(), n) for n, x in enumerate(_expected_lines(data, window), start=1) if x.strip()]
    assert got == expected


_SCORER = hedgekit.Scorer(model=tiny_model())


def test_output_records_survive_splitlines(tmp_path: Path, capsys, model_path: str) -> None:
    p = tmp_path / "in.txt"
    p.write_text("a\x85b\nc\u2028d\ne\u2029f\ng\x0bh\x1ci\n", encoding="utf-8")
    for fmt in ("jsonl", "tsv"):
        rc, out, _ = run(capsys, "score", "--lines", "--model", model_path, "-f", fmt, str(p))
        assert rc == 0
        assert len(out.splitlines()) == 4 + (fmt == "tsv"), fmt


@pytest.mark.parametrize("lines", [False, True])
def test_csv_quotes_carriage_returns(tmp_path: Path, capsys, model_path: str, lines: bool) -> None:
    p = tmp_path / "cr.txt"
    p.write_bytes(b"It may rain.\rIt rained.\nA second\rline.\r\n")
    rc, out, _ = run(capsys, "score", "--model", model_path, "-f", "csv", *(["--lines"] if lines else []), str(p))
    assert rc == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    texts = [r["text"] for r in rows]
    assert all(r["cues"] is not None for r in rows)  # no short row from a split record
    if lines:  # no more stray "\r" than "\n": lines end at "\n", each "\r" stays in its line (and cell)
        assert texts == ["It may rain.\rIt rained.", "A second\rline."]
    else:
        assert texts == ["It may rain.", "It rained.", "A second\rline."]
