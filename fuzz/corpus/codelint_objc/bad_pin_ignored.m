// Bad: the CA is stored, but whether iOS accepted it as a trusted server certificate is never
// looked at. (The identity itself is read back from the keychain correctly.)
#import <NetworkExtension/NetworkExtension.h>

BOOL HSPin(NEHotspotEAPSettings *eap, SecCertificateRef anchor, NSString *group, NSString *label) {
    NSDictionary *anchorAttributes = @{ (__bridge id)kSecValueRef: (__bridge id)anchor,
                                        (__bridge id)kSecAttrAccessGroup: group,
                                        (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
                                        (__bridge id)kSecAttrLabel: @"CA" };
    OSStatus status = SecItemAdd((__bridge CFDictionaryRef)anchorAttributes, NULL);
    if (status != errSecSuccess && status != errSecDuplicateItem) return NO;
    eap.supportedEAPTypes = @[ @(NEHotspotConfigurationEAPTypeEAPTLS) ];
    [eap setTrustedServerCertificates:@[ (__bridge id)anchor ]]; // expect: code-trusted-certificates-result-ignored
    NSDictionary *query = @{ (__bridge id)kSecClass: (__bridge id)kSecClassIdentity,
                             (__bridge id)kSecAttrAccessGroup: group,
                             (__bridge id)kSecAttrLabel: label,
                             (__bridge id)kSecReturnRef: @YES };
    CFTypeRef found = NULL;
    if (SecItemCopyMatching((__bridge CFDictionaryRef)query, &found) != errSecSuccess) return NO;
    BOOL ok = [eap setIdentity:(SecIdentityRef)found];
    CFRelease(found);
    return ok;
}
