"""The scenario table: AP configuration x station configuration x expected outcome.

This is the single source of truth for the lab. The qemu harness, the wired netns runner and the
docker-compose services all render their hostapd / wpa_supplicant / RADIUS-server configuration from
these records through `labkit.render`; no configuration file is kept anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

RADIUS_PORT = 1812
# Lab-only shared secret between the AP (RADIUS client) and the AS; it never leaves the guest/netns.
RADIUS_SECRET = "lab-radius-secret"


@dataclass(frozen=True)
class Credentials:
    """Where a station's EAP-TLS identity and trust anchor come from (paths relative to the cert dir)."""

    identity: str
    ca_cert: str  # what the station trusts for the server
    client_cert: str
    private_key: str


@dataclass(frozen=True)
class ServerCert:
    """What the authentication server presents and which CA it trusts for client certificates."""

    chain: str
    key: str
    client_ca: str
    description: str


DEMO_CLIENT = Credentials("alice@example.com", "demo/ca-chain.pem", "demo/alice.pem", "demo/alice.key")
SUITEB_CLIENT = Credentials("alice@example.com", "suiteb/ca.pem", "suiteb/alice.pem", "suiteb/alice.key")
ROGUE_CLIENT = Credentials("mallory@example.com", "demo/ca-chain.pem", "rogue/mallory.pem", "rogue/mallory.key")

DEMO_SERVER = ServerCert("demo/server-chain.pem", "demo/server.key", "demo/ca-chain.pem", "ECDSA P-256 (demo PKI)")
SUITEB_SERVER = ServerCert("suiteb/server-chain.pem", "suiteb/server.key", "suiteb/ca.pem", "ECDSA P-384 / SHA-384")
SUITEB_RSA_SERVER = ServerCert(
    "suiteb/server-rsa2048-chain.pem", "suiteb/server-rsa2048.key", "suiteb/ca.pem", "RSA-2048"
)
SUITEB_P256_SERVER = ServerCert(
    "suiteb/server-p256-chain.pem", "suiteb/server-p256.key", "suiteb/ca.pem", "ECDSA P-256"
)


@dataclass(frozen=True)
class PasspointAp:
    """What a Hotspot 2.0 AP advertises (hostapd: interworking, hs20 and the ANQP elements)."""

    interworking: bool = True
    hs20: bool = True
    domain_names: tuple[str, ...] = ("example.com",)
    nai_realms: tuple[str, ...] = ("0,example.com,13[5:6]",)  # hostapd nai_realm lines
    roaming_consortium: tuple[str, ...] = ()
    cell_net: str = "244,91;310,026"
    venue: str = "eng:Example Lab venue"
    operator: str = "eng:Example Lab operator"


@dataclass(frozen=True)
class Ap:
    """An access point (or, for band='wired', a wired authenticator port)."""

    ssid: str
    akm: tuple[str, ...]  # hostapd wpa_key_mgmt names
    pairwise: tuple[str, ...] = ("CCMP",)
    group: Optional[str] = None  # None: hostapd picks it from the pairwise set
    group_mgmt: Optional[str] = None
    pmf: int = 0  # ieee80211w: 0 disabled, 1 capable, 2 required
    band: str = "2g4"  # 2g4 | 6g | wired
    note: str = ""
    passpoint: Optional[PasspointAp] = None


@dataclass(frozen=True)
class Sta:
    """A station (wpa_supplicant network block)."""

    ssid: str
    akm: tuple[str, ...]
    pairwise: tuple[str, ...] = ("CCMP",)
    group: tuple[str, ...] = ("CCMP",)
    group_mgmt: Optional[str] = None
    pmf: int = 0
    band: str = "2g4"
    creds: Credentials = DEMO_CLIENT
    suite_b: bool = False  # restrict the TLS offer to SUITEB192 (ECDHE-ECDSA-AES256-GCM-SHA384, P-384)
    note: str = ""
    # no network block: the `cred` block `hs20check profile --format wpa-supplicant` writes (PASSPOINT_CRED)
    passpoint: bool = False


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    ap: Ap
    sta: Sta
    expect: str  # connected | not-connected (the vocabulary of hs20check logs / capture)
    server: ServerCert = DEMO_SERVER
    # For not-connected scenarios: the layer and the rule id (core/rules/air.toml) the diagnosis must name.
    expect_layer: str = "none"
    expect_cause: str = "air.connected"
    # The rule `hs20check capture` must name on the scenario's recorded capture, when it differs.
    expect_capture_cause: Optional[str] = None
    # stale-assoc: the station first scans `ap_before`, the AP then restarts as `ap` on the same BSSID
    # and the station associates from its cached (stale) RSNE.
    flow: str = "connect"  # connect | stale-assoc | anqp-hang (Passpoint: the AP daemon stops answering)
    ap_before: Optional[Ap] = None
    runner: str = "qemu"  # qemu | netns
    # the AS's shared secret when it must differ from the AP's (RADIUS-layer failure scenarios)
    as_secret: Optional[str] = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    # Passpoint: wpa_supplicant's real selection (home | roaming | no-match), which `hs20check match`
    # must predict from the rendered hostapd.conf and from the recorded capture; `expect_joins` is
    # match's answer for an Apple device with PASSPOINT_CRED's settings (roamingEnabled false).
    expect_selection: Optional[str] = None
    expect_joins: Optional[bool] = None
    # what `match --ap-config` predicts when the fault is not in the configuration (an AP whose ANQP
    # server does not answer looks like any other in its hostapd.conf)
    expect_ap_config_selection: Optional[str] = None

    # For connected scenarios: negotiated values (keys of `hs20check logs`' "negotiated": akm, pairwise,
    # group, mgmt, sae_group, mic_len, roam …) the run must show.
    expect_negotiated: tuple[tuple[str, str], ...] = ()


# ---- APs -------------------------------------------------------------------------------------
WPA2_ENT = Ap("lab-wpa2-ent", ("WPA-EAP",), ("CCMP",), pmf=0, note="WPA2-Enterprise, CCMP-128, PMF off")
WPA3_ENT = Ap("lab-wpa3-ent", ("WPA-EAP-SHA256",), ("CCMP",), pmf=2,
              note="WPA3-Enterprise only: AKM 5, CCMP-128, PMF required")
TRANSITION = Ap("lab-wpa3-trans", ("WPA-EAP", "WPA-EAP-SHA256"), ("CCMP",), pmf=1,
                note="WPA2/WPA3-Enterprise transition: AKM 1 + 5, CCMP-128, PMF capable")
SUITEB_2G4 = Ap("lab-wpa3-192", ("WPA-EAP-SUITE-B-192",), ("GCMP-256",), group_mgmt="BIP-GMAC-256", pmf=2,
                note="WPA3-Enterprise 192-bit: AKM 12, GCMP-256, BIP-GMAC-256, PMF required")
SUITEB_6G = Ap("lab-6g-wpa3-192", ("WPA-EAP-SUITE-B-192",), ("GCMP-256",), group_mgmt="BIP-GMAC-256", pmf=2,
               band="6g", note="WPA3-Enterprise 192-bit on 6 GHz (5975 MHz, HE)")
GCMP256_ONLY = Ap("lab-gcmp256", ("WPA-EAP-SHA256",), ("GCMP-256",), pmf=2,
                  note="WPA3-Enterprise, GCMP-256 as the only cipher (group GCMP-256 too)")
GCMP256_GROUP = Ap("lab-gcmp256", ("WPA-EAP-SHA256",), ("CCMP", "GCMP-256"), group="GCMP-256", pmf=2,
                   note="WPA3-Enterprise, pairwise CCMP-128 + GCMP-256, group cipher GCMP-256")
GCMP256_PAIRWISE = Ap("lab-gcmp256", ("WPA-EAP-SHA256",), ("GCMP-256",), group="CCMP", pmf=2,
                      note="WPA3-Enterprise, pairwise GCMP-256 only, group CCMP-128")
GCMP256_WORKAROUND = Ap("lab-gcmp256", ("WPA-EAP-SHA256",), ("CCMP",), pmf=2,
                        note="the same AP after the vendor workaround (GCMP-256 removed): CCMP-128 only")
WPA2_ENT_PMF_REQUIRED = Ap("lab-wpa2-ent-pmf", ("WPA-EAP",), ("CCMP",), pmf=2,
                           note="WPA2-Enterprise (AKM 1), CCMP-128, PMF required")
WIRED = Ap("wired", (), (), band="wired", note="wired IEEE 802.1X port (hostapd driver=wired)")

# ---- stations --------------------------------------------------------------------------------
STA_WPA2 = Sta("lab-wpa2-ent", ("WPA-EAP",), pmf=0, note="WPA2-Enterprise client")
STA_WPA3 = Sta("lab-wpa3-ent", ("WPA-EAP-SHA256",), pmf=2, note="WPA3-Enterprise client (AKM 5, PMF required)")
STA_TRANS_WPA3 = Sta("lab-wpa3-trans", ("WPA-EAP", "WPA-EAP-SHA256"), pmf=1,
                     note="WPA3-capable client (AKM 1 + 5, PMF capable)")
STA_TRANS_LEGACY = Sta("lab-wpa3-trans", ("WPA-EAP",), pmf=0, note="legacy WPA2 client (AKM 1, no PMF)")
STA_SUITEB = Sta("lab-wpa3-192", ("WPA-EAP-SUITE-B-192",), ("GCMP-256",), ("GCMP-256",), "BIP-GMAC-256", pmf=2,
                 creds=SUITEB_CLIENT, suite_b=True, note="WPA3-Enterprise 192-bit client, P-384 certificate")
STA_SUITEB_6G = Sta("lab-6g-wpa3-192", ("WPA-EAP-SUITE-B-192",), ("GCMP-256",), ("GCMP-256",), "BIP-GMAC-256",
                    pmf=2, band="6g", creds=SUITEB_CLIENT, suite_b=True,
                    note="WPA3-Enterprise 192-bit client on 6 GHz")
STA_CCMP_ONLY = Sta("lab-gcmp256", ("WPA-EAP-SHA256",), ("CCMP",), ("CCMP",), pmf=2,
                    note="WPA3-Enterprise client without GCMP-256 (CCMP-128 only), like the failing phone")
STA_NO_PMF = Sta("lab-wpa2-ent-pmf", ("WPA-EAP",), pmf=0, note="WPA2 client that cannot do PMF")
STA_AKM1_ONLY = Sta("lab-wpa3-ent", ("WPA-EAP",), pmf=1, note="client that only knows AKM 1 (WPA-EAP)")
STA_ROGUE = Sta("lab-wpa3-ent", ("WPA-EAP-SHA256",), pmf=2, creds=ROGUE_CLIENT,
                note="WPA3-Enterprise client whose certificate comes from a CA the AS does not trust")
STA_WIRED = Sta("wired", ("IEEE8021X",), (), (), band="wired", note="wired 802.1X supplicant (-Dwired)")
STA_WIRED_ROGUE = Sta("wired", ("IEEE8021X",), (), (), band="wired", creds=ROGUE_CLIENT,
                      note="wired supplicant with a certificate from an untrusted CA")


SCENARIOS: tuple[Scenario, ...] = (
    # ---- connect ----
    Scenario("wpa2-ent-ccmp", "WPA2-Enterprise CCMP", WPA2_ENT, STA_WPA2, "connected"),
    Scenario("wpa3-ent-only", "WPA3-Enterprise only (AKM 5, PMF required)", WPA3_ENT, STA_WPA3, "connected"),
    Scenario("transition-wpa3-client", "Transition mode, WPA3 client", TRANSITION, STA_TRANS_WPA3, "connected"),
    Scenario("transition-legacy-client", "Transition mode, legacy WPA2 client", TRANSITION, STA_TRANS_LEGACY,
             "connected"),
    Scenario("wpa3-192-2g4", "WPA3-Enterprise 192-bit, GCMP-256, 2.4 GHz", SUITEB_2G4, STA_SUITEB, "connected",
             server=SUITEB_SERVER, tags=("192-bit",)),
    Scenario("wpa3-192-6g", "WPA3-Enterprise 192-bit, GCMP-256, 6 GHz", SUITEB_6G, STA_SUITEB_6G, "connected",
             server=SUITEB_SERVER, tags=("192-bit",)),
    Scenario("gcmp256-workaround", "Vendor workaround (GCMP-256 removed), CCMP-only client", GCMP256_WORKAROUND,
             STA_CCMP_ONLY, "connected"),
    # ---- fail ----
    Scenario("gcmp256-pairwise-mismatch", "GCMP-256-only AP vs CCMP-only client", GCMP256_ONLY, STA_CCMP_ONLY,
             "not-connected", expect_layer="network-selection", expect_cause="air.rsn-pairwise-mismatch"),
    Scenario("gcmp256-group-mismatch", "Group cipher GCMP-256 only vs CCMP-only client", GCMP256_GROUP,
             STA_CCMP_ONLY, "not-connected", expect_layer="network-selection", expect_cause="air.rsn-group-mismatch"),
    Scenario("stale-assoc-group", "AP rejects a stale association: group cipher (status 41)", GCMP256_ONLY,
             STA_CCMP_ONLY, "not-connected", expect_layer="association", expect_cause="air.assoc-rejected-group-cipher",
             flow="stale-assoc", ap_before=GCMP256_WORKAROUND),
    Scenario("stale-assoc-pairwise", "AP rejects a stale association: pairwise cipher (status 42)",
             GCMP256_PAIRWISE, STA_CCMP_ONLY, "not-connected", expect_layer="association",
             expect_cause="air.assoc-rejected-pairwise-cipher", flow="stale-assoc", ap_before=GCMP256_WORKAROUND),
    Scenario("pmf-required-vs-incapable", "PMF required vs a PMF-incapable client", WPA2_ENT_PMF_REQUIRED,
             STA_NO_PMF, "not-connected", expect_layer="network-selection", expect_cause="air.rsn-pmf-required"),
    Scenario("akm-mismatch", "AKM mismatch: WPA3-Enterprise-only AP vs AKM-1-only client", WPA3_ENT,
             STA_AKM1_ONLY, "not-connected", expect_layer="network-selection", expect_cause="air.rsn-akm-mismatch"),
    Scenario("wpa3-192-rsa2048-cert", "192-bit AP, RSA-2048 server certificate on the AS", SUITEB_2G4, STA_SUITEB,
             "not-connected", server=SUITEB_RSA_SERVER, expect_layer="eap",
             expect_cause="air.eap-tls-suiteb-server-cert", tags=("192-bit",)),
    Scenario("wpa3-192-p256-cert", "192-bit AP, P-256 server certificate on the AS", SUITEB_2G4, STA_SUITEB,
             "not-connected", server=SUITEB_P256_SERVER, expect_layer="eap",
             expect_cause="air.eap-tls-suiteb-server-cert", tags=("192-bit",)),
    Scenario("eap-tls-unknown-ca", "EAP-TLS: client certificate from an unknown CA", WPA3_ENT, STA_ROGUE,
             "not-connected", expect_layer="eap", expect_cause="air.eap-tls-client-unknown-ca"),
    # ---- wired IEEE 802.1X in network namespaces (no qemu) ----
    Scenario("wired-eap-tls", "Wired IEEE 802.1X EAP-TLS (netns + veth)", WIRED, STA_WIRED, "connected",
             runner="netns"),
    Scenario("wired-eap-tls-unknown-ca", "Wired IEEE 802.1X, client certificate from an unknown CA", WIRED,
             STA_WIRED_ROGUE, "not-connected", runner="netns", expect_layer="eap",
             expect_cause="air.eap-tls-client-unknown-ca"),
    Scenario("wired-radius-wrong-secret", "Wired IEEE 802.1X, AP and AS disagree on the RADIUS shared secret",
             WIRED, STA_WIRED, "not-connected", runner="netns", as_secret="not-the-aps-secret",
             expect_layer="radius", expect_cause="air.radius-bad-secret",
             # on the wire the AS is only silent: the capture cannot know why
             expect_capture_cause="air.radius-no-response"),
)

# ==== Passpoint (Hotspot 2.0) network selection over ANQP (issue 16) ====================
# The station has no network block: it selects with the `cred` block that
# `hs20check profile --format wpa-supplicant` writes for the demo identity (PASSPOINT_CRED), and
# wpa_supplicant's INTERWORKING-* lines say what it selected. `hs20check match` predicts each from
# the rendered hostapd.conf and from the recorded capture (tests/lab/test_passpoint.py, lab runs).
PASSPOINT_CRED = {"realm": "example.com", "roaming_consortium": "5A03BA0000",
                  "trusted_server_name": "radius.example.com"}
OTHER_OI = "001BC50460"


def _pp(note: str, **kw) -> Ap:
    return Ap("lab-passpoint", ("WPA-EAP",), ("CCMP",), pmf=1, note=note, passpoint=PasspointAp(**kw))


PP_HOME = _pp("Passpoint AP of the home operator: domain example.com, realm example.com with EAP-TLS")
PP_REALM_NOT_LISTED = _pp("Passpoint AP whose NAI Realm list names another realm only",
                          nai_realms=("0,other.example,13[5:6]",))
PP_TTLS_PEAP_ONLY = _pp("Passpoint AP listing example.com with EAP-TTLS and PEAP only",
                        nai_realms=("0,example.com,21[2:4][5:7],25[2:4][5:7]",))
PP_OI = _pp("Passpoint AP without NAI realms, advertising the credential's OI", nai_realms=(),
            roaming_consortium=(PASSPOINT_CRED["roaming_consortium"],))
PP_OI_MISMATCH = _pp("Passpoint AP without NAI realms, advertising another consortium's OI", nai_realms=(),
                     roaming_consortium=(OTHER_OI,))
PP_OTHER_DOMAIN = _pp("Passpoint AP of another operator: realm example.com listed, domain operator.example",
                      domain_names=("operator.example",))
PP_NO_HS20 = _pp("the home AP without Hotspot 2.0: interworking=0, hs20=0 (no Interworking, no HS2.0 indication)",
                 interworking=False, hs20=False)
STA_PASSPOINT = Sta("lab-passpoint", ("WPA-EAP",), passpoint=True,
                    note="wpa_supplicant with the cred block of hs20check profile --format wpa-supplicant")

PASSPOINT_SCENARIOS: tuple[Scenario, ...] = (
    Scenario("pp-home", "Passpoint: home operator's AP (realm with EAP-TLS, domain listed)", PP_HOME,
             STA_PASSPOINT, "connected", expect_selection="home", expect_joins=True, tags=("passpoint",)),
    Scenario("pp-realm-not-listed", "Passpoint: realm not in the NAI Realm list", PP_REALM_NOT_LISTED,
             STA_PASSPOINT, "not-connected", expect_layer="network-selection",
             expect_cause="selection.realm-not-listed", expect_selection="no-match", expect_joins=False,
             tags=("passpoint",)),
    Scenario("pp-realm-ttls-peap-only", "Passpoint: realm listed with EAP-TTLS/PEAP only", PP_TTLS_PEAP_ONLY,
             STA_PASSPOINT, "not-connected", expect_layer="network-selection",
             expect_cause="selection.realm-eap-mismatch", expect_selection="no-match", expect_joins=False,
             tags=("passpoint",)),
    Scenario("pp-oi-match", "Passpoint: roaming consortium OI match, no NAI realm", PP_OI, STA_PASSPOINT,
             "connected", expect_selection="home", expect_joins=True, tags=("passpoint",)),
    Scenario("pp-oi-mismatch", "Passpoint: another consortium's OI, no NAI realm", PP_OI_MISMATCH, STA_PASSPOINT,
             "not-connected", expect_layer="network-selection", expect_cause="selection.oi-mismatch",
             expect_selection="no-match", expect_joins=False, tags=("passpoint",)),
    Scenario("pp-roaming-domain", "Passpoint: realm listed, Domain Name list names another operator",
             PP_OTHER_DOMAIN, STA_PASSPOINT, "connected", expect_selection="roaming", expect_joins=False,
             tags=("passpoint",)),
    Scenario("pp-no-hs20", "Passpoint: AP without the Hotspot 2.0 indication (and Interworking)", PP_NO_HS20,
             STA_PASSPOINT, "not-connected", expect_layer="network-selection",
             expect_cause="selection.no-hs20-indication", expect_selection="no-match", expect_joins=False,
             tags=("passpoint",)),
    Scenario("pp-anqp-no-response", "Passpoint: the AP never answers the ANQP query", PP_HOME, STA_PASSPOINT,
             "not-connected", expect_layer="network-selection", expect_cause="selection.anqp-no-response",
             expect_selection="no-match", expect_joins=False, expect_ap_config_selection="home",
             flow="anqp-hang", tags=("passpoint",)),
)
SCENARIOS = SCENARIOS + PASSPOINT_SCENARIOS
# ==== end of Passpoint =========================================================================

# ==== WPA3-Personal: SAE, SAE-EXT-KEY (AKM 24), FT-SAE-EXT-KEY, 6 GHz (issue 12) =====================
# Rendered by labkit/wpa3personal.py (SaeAp/SaeSta), run in the guest's hostapd/wpa_supplicant 2.11.
# The field question "AKM 24 or GCMP-256?" is answered by the split runs and the compatibility AP.

SAE_PASSWORD = "lab-sae-passphrase"  # lab-only; redacted in the kept configs
FT_MOBILITY_DOMAIN = "a1b2"
# two BSSes of one hostapd on radio 0 (wlan0 and bss=wlan0_1): FT over the air between them; the
# R0KH/R1KH messages (pull/push of PMK-R1) stay inside the one hostapd process
FT_BSSIDS = ("02:00:00:00:00:00", "02:00:00:00:00:01")
FT_KH_KEY = "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f"  # lab-only R0KH/R1KH key


@dataclass(frozen=True)
class SaeAp(Ap):
    """A WPA3-Personal AP. band may also be '5g' (channel 36)."""

    sae_groups: tuple[int, ...] = ()  # () = hostapd's default (19; 19 and 20 with SAE-EXT-KEY)
    sae_pwe: int = 1  # 0 hunting-and-pecking, 1 hash-to-element only, 2 both
    beacon_prot: bool = False
    ft: bool = False  # a second BSS of the same mobility domain (FT between the two)
    password: str = SAE_PASSWORD


@dataclass(frozen=True)
class SaeSta(Sta):
    sae_groups: tuple[int, ...] = ()  # () = wpa_supplicant's default order
    sae_pwe: int = 1  # 0 hunting-and-pecking, 1 H2E, 2 both, 3 forced hunting-and-pecking (a test knob)
    beacon_prot: bool = False
    password: str = SAE_PASSWORD


def _sae_ext_ap(groups: tuple[int, ...]) -> SaeAp:
    return SaeAp("lab-6g-sae-ext", ("SAE-EXT-KEY",), ("GCMP-256",), group_mgmt="BIP-GMAC-256", pmf=2, band="6g",
                 sae_groups=groups, beacon_prot=True,
                 note=f"Wi-Fi 7 default: SAE-EXT-KEY (AKM 24), GCMP-256, BIP-GMAC-256, beacon protection, "
                      f"H2E, SAE groups {' '.join(map(str, groups))}, 6 GHz")


def _sae_ext_sta(group: int, password: str = SAE_PASSWORD, note: str = "") -> SaeSta:
    return SaeSta("lab-6g-sae-ext", ("SAE-EXT-KEY",), ("GCMP-256",), ("GCMP-256",), "BIP-GMAC-256", pmf=2,
                  band="6g", sae_groups=(group,), beacon_prot=True, password=password,
                  note=note or f"client with SAE-EXT-KEY, GCMP-256, BIP-GMAC-256, SAE group {group}")


SAE_6G = SaeAp("lab-6g-sae", ("SAE",), ("CCMP",), pmf=2, band="6g",
               note="WPA3-Personal on 6 GHz: SAE (AKM 8), H2E only, CCMP-128, PMF required")
SAE_EXT_6G = _sae_ext_ap((19, 20, 21))
SAE_EXT_6G_19_20 = _sae_ext_ap((19, 20))
SPLIT_AKM24_CCMP = SaeAp("lab-6g-split", ("SAE-EXT-KEY",), ("CCMP",), pmf=2, band="6g", beacon_prot=True,
                         note="split run: AKM 24 kept, GCMP-256 off (SAE-EXT-KEY with CCMP-128)")
SPLIT_AKM8_GCMP256 = SaeAp("lab-6g-split", ("SAE",), ("GCMP-256",), group_mgmt="BIP-GMAC-256", pmf=2, band="6g",
                           beacon_prot=True, note="split run: GCMP-256 kept, AKM 24 off (SAE with GCMP-256)")
COMPAT_6G = SaeAp("lab-6g-compat", ("SAE", "SAE-EXT-KEY"), ("GCMP-256", "CCMP"), group="CCMP", pmf=2, band="6g",
                  beacon_prot=True,
                  note="compatibility AP: AKM 8 + 24, pairwise GCMP-256 + CCMP-128, group CCMP-128")
AKM24_ONLY_6G = SaeAp("lab-6g-akm24", ("SAE-EXT-KEY",), ("GCMP-256", "CCMP"), group="CCMP", pmf=2, band="6g",
                      note="AKM 24 only (no AKM 8), pairwise GCMP-256 + CCMP-128")
SAE_GCMP256_GROUP_6G = SaeAp("lab-6g-gcmp-group", ("SAE",), ("CCMP", "GCMP-256"), group="GCMP-256", pmf=2,
                             band="6g", note="SAE, pairwise CCMP-128 + GCMP-256, group cipher GCMP-256")
H2E_ONLY_5G = SaeAp("lab-5g-h2e", ("SAE",), ("CCMP",), pmf=2, band="5g", sae_pwe=1,
                    note="WPA3-Personal on 5 GHz (channel 36), H2E only (sae_pwe=1)")
FT_SAE_EXT_6G = SaeAp("lab-6g-ft", ("FT-SAE-EXT-KEY",), ("GCMP-256",), group_mgmt="BIP-GMAC-256", pmf=2, band="6g",
                      beacon_prot=True, ft=True,
                      note="two BSSes of mobility domain a1b2: FT-SAE-EXT-KEY (AKM 25), GCMP-256, 6 GHz")
WPA3_ENT_GCMP256_6G = Ap("lab-6g-wpa3-ent", ("WPA-EAP-SHA256",), ("GCMP-256",), group_mgmt="BIP-GMAC-256", pmf=2,
                         band="6g", note="WPA3-Enterprise on 6 GHz: AKM 5, GCMP-256, BIP-GMAC-256, PMF required")

STA_SAE_6G = SaeSta("lab-6g-sae", ("SAE",), ("CCMP",), ("CCMP",), pmf=2, band="6g",
                    note="WPA3-Personal client: SAE (AKM 8), CCMP-128, H2E")
STA_WIFI7_SPLIT = SaeSta("lab-6g-split", ("SAE", "SAE-EXT-KEY"), ("GCMP-256", "CCMP"), ("GCMP-256", "CCMP"), pmf=2,
                         band="6g", beacon_prot=True, note="Wi-Fi 7 client: AKM 8 + 24, GCMP-256 + CCMP-128")
STA_COMPAT_LEGACY = SaeSta("lab-6g-compat", ("SAE",), ("CCMP",), ("CCMP",), pmf=2, band="6g",
                           note="older client: AKM 8 and CCMP-128 only")
STA_COMPAT_WIFI7 = SaeSta("lab-6g-compat", ("SAE", "SAE-EXT-KEY"), ("GCMP-256", "CCMP"), ("CCMP", "GCMP-256"),
                          pmf=2, band="6g", beacon_prot=True,
                          note="Wi-Fi 7 client: AKM 8 + 24, GCMP-256 + CCMP-128")
STA_AKM8_ONLY_6G = SaeSta("lab-6g-akm24", ("SAE",), ("CCMP",), ("CCMP",), pmf=2, band="6g",
                          note="client with AKM 8 (SAE) only, CCMP-128")
STA_SAE_CCMP_ONLY_6G = SaeSta("lab-6g-gcmp-group", ("SAE",), ("CCMP",), ("CCMP",), pmf=2, band="6g",
                              note="SAE client with CCMP-128 only")
STA_SAE_HNP_6G = SaeSta("lab-6g-sae", ("SAE",), ("CCMP",), ("CCMP",), pmf=2, band="6g", sae_pwe=0,
                        note="SAE client set to hunting-and-pecking (sae_pwe=0)")
STA_SAE_HNP_5G = SaeSta("lab-5g-h2e", ("SAE",), ("CCMP",), ("CCMP",), pmf=2, band="5g", sae_pwe=0,
                        note="SAE client set to hunting-and-pecking (sae_pwe=0)")
STA_SAE_FORCED_HNP_5G = SaeSta("lab-5g-h2e", ("SAE",), ("CCMP",), ("CCMP",), pmf=2, band="5g", sae_pwe=3,
                               note="SAE client forced to hunting-and-pecking (sae_pwe=3, ignores the selector)")
STA_SAE_NO_PMF_6G = SaeSta("lab-6g-sae", ("SAE",), ("CCMP",), ("CCMP",), pmf=0, band="6g",
                           note="SAE client with PMF disabled (ieee80211w=0)")
STA_FT_SAE_EXT_6G = SaeSta("lab-6g-ft", ("FT-SAE-EXT-KEY",), ("GCMP-256",), ("GCMP-256",), "BIP-GMAC-256", pmf=2,
                           band="6g", beacon_prot=True, note="client with FT-SAE-EXT-KEY (AKM 25), GCMP-256")
STA_WPA3_ENT_GCMP256_6G = Sta("lab-6g-wpa3-ent", ("WPA-EAP-SHA256",), ("GCMP-256",), ("GCMP-256",), "BIP-GMAC-256",
                              pmf=2, band="6g", note="WPA3-Enterprise client: AKM 5, GCMP-256, EAP-TLS")


def _neg(akm: str, pairwise: str, group: str, mgmt: str, **more: str) -> tuple[tuple[str, str], ...]:
    return (("akm", akm), ("pairwise", pairwise), ("group", group), ("mgmt", mgmt), *more.items())


_EXT = ("SAE-EXT-KEY", "GCMP-256", "GCMP-256", "BIP-GMAC-256")
WPA3_PERSONAL_SCENARIOS: tuple[Scenario, ...] = (
    # ---- connect ----
    Scenario("sae-h2e-6g", "SAE hash-to-element on 6 GHz (AKM 8, CCMP-128, PMF required)", SAE_6G, STA_SAE_6G,
             "connected", expect_negotiated=_neg("SAE", "CCMP", "CCMP", "BIP-CMAC-128", sae_group="19", sae_h2e="1"),
             tags=("sae",)),
    *(Scenario(f"sae-ext-key-g{g}-6g", f"SAE-EXT-KEY + GCMP-256 + BIP-GMAC-256 + beacon protection, SAE group {g}",
               SAE_EXT_6G, _sae_ext_sta(g), "connected",
               expect_negotiated=_neg(*_EXT, sae_group=str(g), mic_len=str(mic)), tags=("sae", "akm24"))
      for g, mic in ((19, 16), (20, 24), (21, 32))),
    Scenario("split-akm24-ccmp", "Split run: AKM 24 with CCMP-128 (GCMP-256 off)", SPLIT_AKM24_CCMP, STA_WIFI7_SPLIT,
             "connected", expect_negotiated=_neg("SAE-EXT-KEY", "CCMP", "CCMP", "BIP-CMAC-128"),
             tags=("sae", "akm24", "split")),
    Scenario("split-akm8-gcmp256", "Split run: AKM 8 with GCMP-256 (AKM 24 off)", SPLIT_AKM8_GCMP256, STA_WIFI7_SPLIT,
             "connected", expect_negotiated=_neg("SAE", "GCMP-256", "GCMP-256", "BIP-GMAC-256"),
             tags=("sae", "split")),
    Scenario("compat-ap-legacy-client", "Compatibility AP (AKM 8 + 24, GCMP-256 + CCMP) vs AKM 8/CCMP-only client",
             COMPAT_6G, STA_COMPAT_LEGACY, "connected",
             expect_negotiated=_neg("SAE", "CCMP", "CCMP", "BIP-CMAC-128"), tags=("sae", "compat")),
    Scenario("compat-ap-wifi7-client", "Compatibility AP (AKM 8 + 24, GCMP-256 + CCMP) vs Wi-Fi 7 client",
             COMPAT_6G, STA_COMPAT_WIFI7, "connected",
             expect_negotiated=_neg("SAE-EXT-KEY", "GCMP-256", "CCMP", "BIP-CMAC-128"), tags=("sae", "compat")),
    Scenario("sae-h2e-only-6g-hnp-client", "H2E-only AP on 6 GHz vs a sae_pwe=0 client (2.11 uses H2E on 6 GHz)",
             SAE_6G, STA_SAE_HNP_6G, "connected",
             expect_negotiated=_neg("SAE", "CCMP", "CCMP", "BIP-CMAC-128", sae_h2e="1"), tags=("sae", "h2e")),
    Scenario("ft-sae-ext-key-roam", "FT-SAE-EXT-KEY: roam between two BSSes of one mobility domain", FT_SAE_EXT_6G,
             STA_FT_SAE_EXT_6G, "connected", flow="roam",
             expect_negotiated=_neg("FT-SAE-EXT-KEY", "GCMP-256", "GCMP-256", "BIP-GMAC-256", roam="ft"),
             tags=("sae", "akm25", "ft")),
    Scenario("wpa3-ent-gcmp256-6g", "WPA3-Enterprise on 6 GHz: AKM 5, GCMP-256, through lab-radius",
             WPA3_ENT_GCMP256_6G, STA_WPA3_ENT_GCMP256_6G, "connected",
             expect_negotiated=_neg("WPA2-EAP-SHA256", "GCMP-256", "GCMP-256", "BIP-GMAC-256")),
    # ---- fail ----
    Scenario("akm24-ap-vs-akm8-client", "AKM-24-only AP vs an AKM-8-only client", AKM24_ONLY_6G, STA_AKM8_ONLY_6G,
             "not-connected", expect_layer="network-selection", expect_cause="air.rsn-akm-mismatch", tags=("sae",)),
    Scenario("sae-gcmp256-group-mismatch", "SAE AP with group cipher GCMP-256 vs a CCMP-only SAE client",
             SAE_GCMP256_GROUP_6G, STA_SAE_CCMP_ONLY_6G, "not-connected", expect_layer="network-selection",
             expect_cause="air.rsn-group-mismatch", tags=("sae",)),
    Scenario("sae-group-not-enabled", "SAE group 21 against an AP with groups 19 20 (status 77)", SAE_EXT_6G_19_20,
             _sae_ext_sta(21), "not-connected", expect_layer="authentication",
             expect_cause="air.sae-group-unsupported", tags=("sae", "akm24")),
    Scenario("sae-h2e-only-5g-hnp-client", "H2E-only AP on 5 GHz vs a sae_pwe=0 client (skipped at scan time)",
             H2E_ONLY_5G, STA_SAE_HNP_5G, "not-connected", expect_layer="network-selection",
             expect_cause="air.sae-h2e-only-skipped", tags=("sae", "h2e")),
    Scenario("sae-h2e-only-5g-forced-hnp", "H2E-only AP on 5 GHz vs a forced hunting-and-pecking client (status 1)",
             H2E_ONLY_5G, STA_SAE_FORCED_HNP_5G, "not-connected", expect_layer="authentication",
             expect_cause="air.sae-pwe-rejected", tags=("sae", "h2e")),
    Scenario("sae-wrong-password", "SAE-EXT-KEY with a wrong password (confirm mismatch, status 15)", SAE_EXT_6G,
             _sae_ext_sta(20, "not-the-aps-passphrase", "client with the wrong SAE password"), "not-connected",
             expect_layer="authentication", expect_cause="air.sae-confirm-mismatch", tags=("sae", "akm24")),
    Scenario("sae-pmf-disabled-client-6g", "6 GHz SAE AP (PMF required) vs a client with PMF disabled", SAE_6G,
             STA_SAE_NO_PMF_6G, "not-connected", expect_layer="network-selection", expect_cause="air.rsn-pmf-required",
             tags=("sae",)),
)
SCENARIOS = SCENARIOS + WPA3_PERSONAL_SCENARIOS
# ==== end of the WPA3-Personal block =============================================================

BY_NAME = {s.name: s for s in SCENARIOS}


def select(names: list[str]) -> list[Scenario]:
    """Scenarios by name, in table order; 'all' or no names means every scenario."""
    if not names or names == ["all"]:
        return list(SCENARIOS)
    unknown = [n for n in names if n not in BY_NAME and n not in ("qemu", "netns")]
    if unknown:
        raise KeyError(
            f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(BY_NAME)} (or 'qemu', 'netns')"
        )
    wanted = set(names)
    return [s for s in SCENARIOS if s.name in wanted or s.runner in wanted]
