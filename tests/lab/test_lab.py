#!/usr/bin/env python3
"""Unit tests of the lab's log parsing, diagnosis, decoders and config rendering, over recorded logs
committed as fixtures (no qemu, no root): `python3 -m unittest discover -s tests/lab -p 'test_*.py'`.

fixtures/runs/<scenario>/            excerpts of a full run of the matrix with lab-radius as the AS
fixtures/runs-hostapd-as/<scenario>/ the EAP-TLS failures with hostapd's RADIUS server as the AS
fixtures/notes/                      excerpts of the hwsim feasibility study's logs
fixtures/captures/<scenario>/        tcpdump captures: wired scenarios (EAPOL on the veth, RADIUS on lo), qemu
                                     scenarios (air.pcap: radiotap from hwsim0)

The diagnosis itself is `hs20check logs` (crate hs20-air); these tests run the binary the way the lab
does (built with `cargo build -p hs20check` when missing, or $LAB_HS20CHECK).
"""

from __future__ import annotations

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from labkit import render  # noqa: E402
from labkit.diagnose import Logs, capture, diagnose  # noqa: E402
from labkit.report import Result  # noqa: E402
from labkit.scenarios import BY_NAME, SCENARIOS, select  # noqa: E402

FIX = os.path.join(HERE, "fixtures")


def load(*parts: str) -> Logs:
    return Logs.from_dir(os.path.join(FIX, *parts))


class RecordedRuns(unittest.TestCase):
    """Every scenario of the table has a recorded run whose diagnosis matches the table's expectation."""

    def test_every_scenario_has_a_fixture(self):
        have = set(os.listdir(os.path.join(FIX, "runs")))
        self.assertEqual(have, {s.name for s in SCENARIOS})

    def test_recorded_runs_match_expectations(self):
        for s in SCENARIOS:
            with self.subTest(scenario=s.name):
                d = diagnose(load("runs", s.name))
                r = Result(s, d, as_kind="lab-radius")
                self.assertTrue(r.ok, r.line())

    def test_hostapd_stand_in_runs_match_expectations(self):
        for name in os.listdir(os.path.join(FIX, "runs-hostapd-as")):
            with self.subTest(scenario=name):
                r = Result(BY_NAME[name], diagnose(load("runs-hostapd-as", name)), as_kind="hostapd")
                self.assertTrue(r.ok, r.line())

    def test_192_bit_connection_reports_gcmp256_suite_b(self):
        for name in ("wpa3-192-2g4", "wpa3-192-6g"):
            n = diagnose(load("runs", name)).negotiated
            self.assertEqual(n["akm"], "WPA2-EAP-SUITE-B-192")
            self.assertEqual((n["pairwise"], n["group"], n["mgmt"]), ("GCMP-256", "GCMP-256", "BIP-GMAC-256"))
            self.assertEqual(n["tls"], "TLSv1.2/ECDHE-ECDSA-AES256-GCM-SHA384")
        self.assertEqual(diagnose(load("runs", "wpa3-192-6g")).negotiated["freq"], "5975")

    def test_transition_mode_negotiates_per_client(self):
        self.assertEqual(diagnose(load("runs", "transition-wpa3-client")).negotiated["akm"], "WPA2-EAP-SHA256")
        legacy = diagnose(load("runs", "transition-legacy-client")).negotiated
        self.assertEqual(legacy["akm"], "WPA2/IEEE 802.1X/EAP")
        self.assertEqual(legacy["mgmt"], "none")

    def test_suite_b_wrong_certificates_quote_lab_radius(self):
        rsa = diagnose(load("runs", "wpa3-192-rsa2048-cert"))
        self.assertIn("lab-radius tls.no-common-cipher-suite", rsa.text)
        self.assertIn("our certificate is RSA", rsa.text)
        p256 = diagnose(load("runs", "wpa3-192-p256-cert"))
        self.assertIn("lab-radius tls.no-common-signature-scheme", p256.text)
        self.assertIn("P-256", p256.text)
        for d in (rsa, p256):
            self.assertIn("ECDSA P-384 server certificate signed with SHA-384", d.text)
            self.assertIn("handshake failure", d.text)

    def test_lab_radius_must_explain_eap_failures(self):
        logs = load("runs", "eap-tls-unknown-ca")
        logs.files.pop("as.log")
        d = diagnose(logs)
        self.assertEqual(d.cause, "air.eap-tls-client-unknown-ca")  # still known from the station's alert ...
        self.assertFalse(Result(BY_NAME["eap-tls-unknown-ca"], d, as_kind="lab-radius").ok)  # ... but unexplained

    def test_mgmt_cipher_names(self):
        self.assertEqual(diagnose(load("runs", "wpa3-ent-only")).negotiated["mgmt"], "BIP-CMAC-128")

    def test_a_timeout_says_what_to_do(self):
        # a connecting scenario cut short (LAB_TIMEOUT=1 on wired-eap-tls): nothing failed, nothing connected
        logs = load("runs", "wired-eap-tls")
        logs.files["wpas.log"] = "\n".join(l for l in logs.lines("wpas.log") if "CTRL-EVENT-" not in l)
        d = diagnose(logs, timeout_s=1)
        self.assertEqual((d.outcome, d.layer, d.cause), ("not-connected", "unknown", "air.timeout"))
        self.assertIn("within 1 s — fix: if the run was only slow, raise LAB_TIMEOUT", d.text)
        self.assertNotIn("\n", d.text)

    def test_unknown_ca_names_the_rogue_issuer(self):
        for name in ("eap-tls-unknown-ca", "wired-eap-tls-unknown-ca"):
            d = diagnose(load("runs", name))
            self.assertIn("Rogue Root CA", d.text, name)
            self.assertIn("unknown CA", d.text, name)


class NotesExcerpts(unittest.TestCase):
    """The log lines quoted in the feasibility study (hwsim-lab-notes.md section 7)."""

    def test_b1_first_skip_reason_not_the_mfp_knock_on(self):
        d = diagnose(load("notes", "b1-gcmp-noscan"))
        self.assertEqual((d.layer, d.cause), ("network-selection", "air.rsn-pairwise-mismatch"))
        self.assertIn("the AP offers only GCMP-256 as pairwise cipher", d.text)
        self.assertIn("station supports only CCMP-128", d.text)
        self.assertNotIn("MFP", d.text)
        self.assertIn("CTRL-EVENT-NETWORK-NOT-FOUND", d.evidence)

    def test_b2_group_cipher_only(self):
        d = diagnose(load("notes", "b2-gcmp-grp-noscan"))
        self.assertEqual(d.cause, "air.rsn-group-mismatch")
        self.assertIn("group cipher is GCMP-256", d.text)

    def test_b3_status_41_with_stale_rsne(self):
        d = diagnose(load("notes", "b3-assocreject-41"))
        self.assertEqual((d.layer, d.cause), ("association", "air.assoc-rejected-group-cipher"))
        self.assertIn("status 41 (invalid group cipher)", d.text)
        self.assertIn("Invalid WPA group cipher (0x10 = CCMP-128)", d.text)
        self.assertIn("AP now uses GCMP-256", d.text)

    def test_b4_status_42(self):
        d = diagnose(load("notes", "b4-assocreject-42"))
        self.assertEqual(d.cause, "air.assoc-rejected-pairwise-cipher")
        self.assertIn("invalid pairwise cipher", d.text)

    def test_status_from_ap_frame_when_the_station_log_is_missing(self):
        logs = load("notes", "b3-assocreject-41")
        logs.files["wpas.log"] = logs.files["wpas.log"].replace(" status_code=41", "")
        self.assertIn("status 41", diagnose(logs).text)


class Captures(unittest.TestCase):
    """`hs20check capture` on the recorded wired captures gives each scenario's expected layer and rule."""

    def test_recorded_captures_match_expectations(self):
        root = os.path.join(FIX, "captures")
        for name in sorted(os.listdir(root)):
            s = BY_NAME[name]
            for f in sorted(x for x in os.listdir(os.path.join(root, name)) if x.endswith(".pcap")):
                with self.subTest(scenario=name, file=f):
                    st = capture([os.path.join(root, name, f)])
                    self.assertEqual((st["layer"], st["rule"]), (s.expect_layer, s.expect_capture_cause or s.expect_cause))
                    r = Result(s, diagnose(load("runs", name)), as_kind="lab-radius", capture=st)
                    self.assertTrue(r.ok, r.line())


class Rendering(unittest.TestCase):
    def test_suite_b_ap_and_station(self):
        s = BY_NAME["wpa3-192-2g4"]
        ap = render.hostapd_conf(s.ap, render.GUEST)
        for line in ("wpa_key_mgmt=WPA-EAP-SUITE-B-192", "rsn_pairwise=GCMP-256", "group_mgmt_cipher=BIP-GMAC-256",
                     "ieee80211w=2", "auth_server_addr=127.0.0.1", "auth_server_port=1812"):
            self.assertIn(line + "\n", ap)
        sta = render.wpa_supplicant_conf(s.sta, render.GUEST)
        self.assertIn('openssl_ciphers="SUITEB192"', sta)
        self.assertIn("/etc/lab/certs/suiteb/alice.pem", sta)

    def test_one_source_targets_differ_only_in_paths_and_names(self):
        s = BY_NAME["gcmp256-pairwise-mismatch"]
        compose = render.Target(certs="/lab/certs", ap_ifname="wlan0", sta_ifname="wlan0")
        g, c = render.scenario_files(s, render.GUEST), render.scenario_files(s, compose)
        self.assertEqual(g["ap.conf"], c["ap.conf"])
        self.assertEqual(g["sta.conf"].replace("/etc/lab/certs", "/lab/certs"), c["sta.conf"])

    def test_lab_radius_secret_not_on_the_command_line(self):
        args = render.lab_radius_args(BY_NAME["wpa3-ent-only"].server, render.GUEST)
        self.assertNotIn("--secret", args)
        self.assertNotIn(render.RADIUS_SECRET, args)

    def test_redact(self):
        self.assertIn("auth_server_shared_secret=[REDACTED]",
                      render.redact(render.hostapd_conf(BY_NAME["wpa3-ent-only"].ap, render.GUEST)))

    def test_stale_assoc_station_starts_disabled(self):
        files = render.scenario_files(BY_NAME["stale-assoc-group"], render.GUEST)
        self.assertIn("disabled=1", files["sta.conf"])
        self.assertIn("rsn_pairwise=CCMP\n", files["ap-before.conf"])


class Table(unittest.TestCase):
    def test_failures_name_their_expected_diagnosis(self):
        for s in SCENARIOS:
            if s.expect == "not-connected":
                self.assertNotEqual(s.expect_layer, "none", s.name)

    def test_select(self):
        self.assertEqual([s.name for s in select(["netns"])],
                         ["wired-eap-tls", "wired-eap-tls-unknown-ca", "wired-radius-wrong-secret"])
        with self.assertRaises(KeyError):
            select(["nope"])

    def test_result_requires_the_right_cause(self):
        s = BY_NAME["gcmp256-group-mismatch"]
        d = diagnose(load("runs", "gcmp256-pairwise-mismatch"))
        self.assertFalse(Result(s, d).ok)


class Wpa3Personal(unittest.TestCase):
    """The SAE / SAE-EXT-KEY / FT / 6 GHz scenarios: rendering, negotiated values, expectations."""

    def test_sae_ext_key_ap_and_station(self):
        s = BY_NAME["sae-ext-key-g21-6g"]
        ap = render.hostapd_conf(s.ap, render.GUEST)
        for line in ("wpa_key_mgmt=SAE-EXT-KEY", "rsn_pairwise=GCMP-256", "group_mgmt_cipher=BIP-GMAC-256",
                     "ieee80211w=2", "sae_pwe=1", "sae_groups=19 20 21", "beacon_prot=1", "op_class=131",
                     "country_code=DE"):
            self.assertIn(line + "\n", ap)
        self.assertNotIn("auth_server", ap)  # WPA3-Personal: no RADIUS
        sta = render.wpa_supplicant_conf(s.sta, render.GUEST)
        for line in ("sae_groups=21", "key_mgmt=SAE-EXT-KEY", "scan_freq=5975", "beacon_prot=1", "country=DE"):
            self.assertIn(line, sta)

    def test_sae_password_redacted(self):
        text = render.redact(render.hostapd_conf(BY_NAME["sae-h2e-6g"].ap, render.GUEST))
        self.assertIn("sae_password=[REDACTED]", text)
        self.assertIn('sae_password=[REDACTED]',
                      render.redact(render.wpa_supplicant_conf(BY_NAME["sae-h2e-6g"].sta, render.GUEST)))

    def test_ft_ap_has_two_bsses_of_one_mobility_domain(self):
        files = render.scenario_files(BY_NAME["ft-sae-ext-key-roam"], render.GUEST)
        ap = files["ap.conf"]
        self.assertEqual(ap.count("mobility_domain=a1b2\n"), 2)
        self.assertIn("bss=wlan0_1\n", ap)
        self.assertIn("r0kh=02:00:00:00:00:01 ap2.lab ", ap)
        self.assertIn("FLOW=roam", files["scenario.env"])
        self.assertIn("ROAM_BSSIDS=", files["scenario.env"])

    def test_mic_length_per_sae_group(self):
        for g, mic in (("19", "16"), ("20", "24"), ("21", "32")):
            n = diagnose(load("runs", f"sae-ext-key-g{g}-6g")).negotiated
            self.assertEqual((n["akm"], n["sae_group"], n["mic_len"]), ("SAE-EXT-KEY", g, mic))

    def test_connected_run_must_negotiate_what_the_table_expects(self):
        # the legacy client's run does not satisfy the Wi-Fi 7 client's expectation (SAE-EXT-KEY/GCMP-256)
        d = diagnose(load("runs", "compat-ap-legacy-client"))
        self.assertTrue(Result(BY_NAME["compat-ap-legacy-client"], d).ok)
        r = Result(BY_NAME["compat-ap-wifi7-client"], d)
        self.assertFalse(r.ok)
        self.assertIn("expected_negotiated=akm=SAE-EXT-KEY", r.line())

    def test_versions_on_the_result_line(self):
        s = BY_NAME["sae-h2e-6g"]
        r = Result(s, diagnose(load("runs", s.name)), versions="hostapd=2.11 wpa_supplicant=2.11")
        self.assertIn(" hostapd=2.11 wpa_supplicant=2.11 ", r.line())


class SidResolver(unittest.TestCase):
    """labkit/debsolve.py's parsers (the network part runs in build.sh)."""

    def test_depends_keeps_first_alternative_library_packages(self):
        from labkit import debsolve
        # "|Depends: A" followed by "Depends: B" means A or B
        out = ("wpasupplicant\n  Depends: adduser\n  Depends: libc6\n |Depends: libssl3t64\n"
               "  Depends: libssl3\n  Depends: <libfoo-virtual>\n  PreDepends: zlib1g\n  Depends: libnl-3-200\n")
        self.assertEqual(debsolve.parse_depends(out), ["libc6", "libssl3t64", "zlib1g", "libnl-3-200"])

    def test_contents_names_the_symlink_not_its_target(self):
        from labkit import debsolve
        out = ("drwxr-xr-x root/root 0 2025-01-01 00:00 ./usr/lib/x86_64-linux-gnu/\n"
               "lrwxrwxrwx root/root 0 2025-01-01 00:00 ./usr/lib/x86_64-linux-gnu/libnl-3.so.200 -> libnl-3.so.200.26.0\n")
        self.assertEqual(debsolve.parse_contents(out),
                         ["/usr/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/libnl-3.so.200"])

    def test_library_path_through_a_symlinked_cache(self):
        # CI runs the suite from a copy whose tests/lab/.cache is a symlink to the original tree's:
        # the library's path must stay inside the root, not climb out of it with "../.."
        import tempfile
        from labkit import debsolve
        with tempfile.TemporaryDirectory() as tmp:
            libdir = os.path.join(tmp, "original", "cache", "root-sid", "usr", "lib", "x86_64-linux-gnu")
            os.makedirs(libdir)
            open(os.path.join(libdir, "libnl-3.so.200.26.0"), "w").close()
            os.symlink("libnl-3.so.200.26.0", os.path.join(libdir, "libnl-3.so.200"))
            os.makedirs(os.path.join(tmp, "copy"))
            os.symlink(os.path.join(tmp, "original", "cache"), os.path.join(tmp, "copy", "cache"))
            root = os.path.join(tmp, "copy", "cache", "root-sid")
            lib = debsolve.find_lib(root, "libnl-3.so.200")
            rel = debsolve.path_in_root(root, lib)
            self.assertEqual(rel, "usr/lib/x86_64-linux-gnu/libnl-3.so.200.26.0")
            self.assertTrue(os.path.exists(os.path.join(root, rel)))


if __name__ == "__main__":
    unittest.main()
