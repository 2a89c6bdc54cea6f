// Bad: Hotspot 2.0 literals that `hs20check check` rejects, trusted names with wildcards Apple
// never matches, and the deprecated NEHotspotHelper.
import NetworkExtension

func passpoint(eap: NEHotspotEAPSettings) -> NEHotspotConfiguration {
    eap.trustedServerNames = [
        "radius*.example.com", // expect: trusted-name-invalid-wildcard
        "wpa.*.example.com", // expect: trusted-name-invalid-wildcard
        "*.com", // expect: trusted-name-invalid-wildcard
    ]
    let hs = NEHotspotHS20Settings(domainName: "", roamingEnabled: true) // expect: settings-domain-name-invalid
    hs.roamingConsortiumOIs = [
        "5a03ba0000", // expect: settings-oi-lowercase
        "00-1B-C5", // expect: settings-oi-invalid
    ]
    hs.mccAndMNCs = ["31026", "234F15"] // expect: settings-mcc-mnc-invalid, settings-mcc-mnc-f-padding
    let options: [String: NSObject] = [kNEHotspotHelperOptionDisplayName: "Campus" as NSObject]
    _ = NEHotspotHelper.register(options: options, queue: .main) { _ in } // expect: code-hotspot-helper-deprecated
    return NEHotspotConfiguration(hs20Settings: hs, eapSettings: eap)
}
