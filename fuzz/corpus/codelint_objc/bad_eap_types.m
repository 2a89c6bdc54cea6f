// Bad: EAP-TLS with TTLS, an EAP type outside the enum, no trust, joinOnce, NEHotspotHelper.
#import <NetworkExtension/NetworkExtension.h>

NEHotspotConfiguration *HSMake(NEHotspotEAPSettings *unused) {
    NEHotspotEAPSettings *eap = [[NEHotspotEAPSettings alloc] init]; // expect: code-no-server-trust
    eap.supportedEAPTypes = @[ @(NEHotspotConfigurationEAPTypeEAPTLS), @(NEHotspotConfigurationEAPTypeEAPTTLS), @99 ]; // expect: code-eap-tls-combined, code-eap-type-invalid
    eap.outerIdentity = @"anonymous@example.com"; // expect: code-eap-tls-credentials-ignored
    NEHotspotHS20Settings *hs = [[NEHotspotHS20Settings alloc] initWithDomainName:@"example.com" roamingEnabled:YES];
    hs.roamingConsortiumOIs = @[ @"5A03BA" ];
    hs.MCCAndMNCs = @[ @"3100260" ]; // expect: settings-mcc-mnc-invalid
    NEHotspotConfiguration *configuration = [[NEHotspotConfiguration alloc] initWithHS20Settings:hs eapSettings:eap];
    configuration.joinOnce = YES; // expect: code-join-once-hs20
    [NEHotspotHelper supportedNetworkInterfaces]; // expect: code-hotspot-helper-deprecated
    return configuration;
}
