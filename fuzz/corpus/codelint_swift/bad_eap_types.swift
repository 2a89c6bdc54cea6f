// Bad: one settings object for everything — EAP-TLS with PEAP, a raw value outside the enum,
// no server trust at all, and joinOnce on a Hotspot 2.0 configuration.
import NetworkExtension

func makeConfiguration(identity: SecIdentity, user: String) -> NEHotspotConfiguration {
    let eap = NEHotspotEAPSettings() // expect: code-no-server-trust
    eap.supportedEAPTypes = [ // expect: code-eap-tls-combined
        NSNumber(value: NEHotspotEAPSettings.EAPType.EAPTLS.rawValue),
        NSNumber(value: NEHotspotEAPSettings.EAPType.EAPPEAP.rawValue),
        26, // expect: code-eap-type-invalid
    ]
    eap.username = user // expect: code-eap-tls-credentials-ignored
    if !eap.setIdentity(identity) { // expect: code-not-followed
        print("identity rejected")
    }
    let hs20 = NEHotspotHS20Settings(domainName: "example.org", roamingEnabled: true)
    hs20.naiRealmNames = ["example.org"]
    let configuration = NEHotspotConfiguration(hs20Settings: hs20, eapSettings: eap)
    configuration.joinOnce = true // expect: code-join-once-hs20
    return configuration
}
