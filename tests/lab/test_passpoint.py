"""Passpoint scenarios, both ways, without qemu: `hs20check match` must predict, from each scenario's
rendered hostapd.conf and from its recorded capture (fixtures/captures-passpoint/<name>/air.pcap), the selection
wpa_supplicant really made in the lab (the table's `expect_selection`, checked against the recorded
run in fixtures/runs/<name>/ here and against the live run by `run.sh`), the rule of a no-match, and
whether an Apple device with the same settings (roamingEnabled false) would join.

python3 -m unittest discover -s tests/lab -p 'test_*.py'
"""

from __future__ import annotations

import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from labkit import passpoint, render  # noqa: E402
from labkit.diagnose import Logs, diagnose, match  # noqa: E402
from labkit.scenarios import PASSPOINT_SCENARIOS  # noqa: E402

FIX = os.path.join(HERE, "fixtures")


class MatchAgreesWithTheLab(unittest.TestCase):
    def test_there_is_a_scenario_for_every_case_of_the_issue(self):
        causes = {s.expect_cause for s in PASSPOINT_SCENARIOS}
        for rule in ("selection.realm-not-listed", "selection.realm-eap-mismatch", "selection.oi-mismatch",
                     "selection.no-hs20-indication", "selection.anqp-no-response"):
            self.assertIn(rule, causes)
        self.assertEqual({s.expect_selection for s in PASSPOINT_SCENARIOS}, {"home", "roaming", "no-match"})

    def test_match_from_the_rendered_hostapd_conf(self):
        with tempfile.TemporaryDirectory(prefix="lab-pp-") as d:
            for s in PASSPOINT_SCENARIOS:
                with self.subTest(scenario=s.name):
                    conf = os.path.join(d, f"{s.name}.conf")
                    with open(conf, "w") as f:
                        f.write(render.hostapd_conf(s.ap, render.GUEST, s.name))
                    r = match(["--ap-config", conf], passpoint.match_args())
                    ap = r["aps"][0]
                    want = s.expect_ap_config_selection or s.expect_selection
                    self.assertEqual(ap["selection"], want, ap["reason"])
                    if s.expect_ap_config_selection is None:
                        self.assertEqual(ap["joins"], s.expect_joins, ap["reason"])
                        if s.expect == "not-connected":
                            self.assertEqual(ap["rule"], s.expect_cause)

    def test_match_from_the_recorded_capture(self):
        for s in PASSPOINT_SCENARIOS:
            with self.subTest(scenario=s.name):
                r = match(["--capture", os.path.join(FIX, "captures-passpoint", s.name, "air.pcap")], passpoint.match_args())
                self.assertEqual(len(r["aps"]), 1)
                ap = r["aps"][0]
                self.assertEqual((ap["selection"], ap["joins"]), (s.expect_selection, s.expect_joins), ap["reason"])
                self.assertEqual(ap["bssid"], "02:00:00:00:00:00")
                if s.expect == "not-connected":
                    self.assertEqual(ap["rule"], s.expect_cause)
                self.assertEqual(r["verdict"], "fail" if not s.expect_joins else "pass")

    def test_recorded_run_shows_wpa_supplicants_selection(self):
        for s in PASSPOINT_SCENARIOS:
            with self.subTest(scenario=s.name):
                d = diagnose(Logs.from_dir(os.path.join(FIX, "runs", s.name)))
                self.assertEqual(d.selection, s.expect_selection, d.text)
                self.assertEqual((d.outcome, d.layer, d.cause), (s.expect, s.expect_layer, s.expect_cause), d.text)

    def test_the_station_runs_what_the_generator_wrote(self):
        conf = render.passpoint_sta_conf(PASSPOINT_SCENARIOS[0].sta, render.GUEST)
        text, _ = passpoint.generated()
        body = text.split("cred={", 1)[1]
        for line in body.splitlines():
            if "ca_cert=" in line or "private_key=" in line:
                continue  # moved to the runner's certificate directory
            self.assertIn(line, conf)
        self.assertIn('private_key="/etc/lab/certs/passpoint/cred-client.p12"', conf)

    def test_roaming_scenario_names_roaming_enabled(self):
        s = next(s for s in PASSPOINT_SCENARIOS if s.expect_selection == "roaming")
        r = match(["--capture", os.path.join(FIX, "captures-passpoint", s.name, "air.pcap")], passpoint.match_args())
        self.assertEqual(r["aps"][0]["rule"], "selection.roaming-not-enabled")
        self.assertIn("roamingEnabled", r["aps"][0]["fix"])
        r = match(["--capture", os.path.join(FIX, "captures-passpoint", s.name, "air.pcap")], passpoint.match_args() + ["--roaming"])
        self.assertEqual((r["aps"][0]["selection"], r["aps"][0]["joins"]), ("roaming", True))


if __name__ == "__main__":
    unittest.main()
