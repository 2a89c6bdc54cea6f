// Bad for the linter: the identity is a method's result and the CA is never stored.
// lint-options: trusted-server-names=radius.example.com
#import <NetworkExtension/NetworkExtension.h>

@implementation HSProvisioner
- (BOOL)configure:(NEHotspotEAPSettings *)eap ca:(SecCertificateRef)ca {
    eap.supportedEAPTypes = @[ @(NEHotspotConfigurationEAPTypeEAPTLS) ];
    eap.trustedServerNames = @[ @"radius.example.org", @"*.example.com" ]; // expect: server-name-mismatch, server-name-mismatch
    if (![eap setTrustedServerCertificates:@[ (__bridge id)ca ]]) return NO; // expect: code-trusted-certificates-not-in-keychain
    return [eap setIdentity:[self storedIdentity]]; // expect: code-not-followed
}
@end
