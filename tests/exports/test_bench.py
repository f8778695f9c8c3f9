"""`make bench-pdf` (half of `make bench`) renders the seed minutes and a 60-item meeting and prints both times."""

import os
import pathlib
import re
import subprocess

from django.test import SimpleTestCase

ROOT = pathlib.Path(__file__).resolve().parents[2]


class MakeBenchTests(SimpleTestCase):
    def test_make_bench_prints_both_render_times(self):
        env = {**os.environ, "BENCH_RUNS": "1", "BENCH_MEMORY_ITEMS": "5"}
        # The suite already runs inside the installed environment, so the `install`
        # prerequisite is taken as made (-o): syncing the environment from inside a
        # test would rebuild the interpreter's own packages under it.
        result = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.synced", "bench-pdf"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        figures = re.findall(r"^(.*): median (\d+\.\d+) s \(min (\d+\.\d+) s, max (\d+\.\d+) s; (\d+) pages",
                             result.stdout, re.M)
        self.assertEqual([name for name, *_ in figures],
                         ["Seed minutes, KLU 30 November 2023", "Generated meeting, 60 items"])
        for _name, median, low, high, pages in figures:
            self.assertTrue(0 < float(low) <= float(median) <= float(high))
        self.assertGreater(int(figures[1][4]), int(figures[0][4]))
        self.assertRegex(result.stdout, r"State key of the 60-item minutes, no rendering .*: median \d+ ms")
        self.assertRegex(result.stdout, r"one render of 5 items: \d+ MiB before, \d+ MiB after \(\+-?\d+ MiB\)")


class BenchScriptsCompileTests(SimpleTestCase):
    """The make targets run these scripts in their own processes, where nothing else
    in the suite imports them; a broken one (generate.py once held a half-applied
    edit) would only fail in `make bench`, `load-test` or `scale-test`."""

    def test_every_bench_script_compiles(self):
        scripts = sorted((ROOT / "bench").glob("*.py"))
        self.assertIn(ROOT / "bench" / "generate.py", scripts)
        for script in scripts:
            with self.subTest(script=script.name):
                compile(script.read_text(), str(script), "exec")
