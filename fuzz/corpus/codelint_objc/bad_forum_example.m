// Bad: the Objective-C form of the forum example — options that do nothing on iOS, no
// SecItemAdd, the imported identity handed to setIdentity, trustedServerNames = realm.
#import <NetworkExtension/NetworkExtension.h>

void HSConfigure(NSData *p12, NSString *password, NSString *realm) {
    NSDictionary *options = @{ (__bridge id)kSecImportExportPassphrase: password,
                               (__bridge id)kSecAttrLabel: @"wifi", // expect: code-p12import-options-ignored
                               (__bridge id)kSecReturnPersistentRef: @YES }; // expect: code-p12import-options-ignored
    CFArrayRef items = NULL;
    OSStatus status = SecPKCS12Import((__bridge CFDataRef)p12, (__bridge CFDictionaryRef)options, &items); // expect: code-identity-not-in-keychain
    if (status != errSecSuccess) return;
    NSDictionary *first = ((__bridge NSArray *)items).firstObject;
    SecIdentityRef identity = (__bridge SecIdentityRef)first[(__bridge id)kSecImportItemIdentity];
    NEHotspotEAPSettings *eap = [NEHotspotEAPSettings new];
    eap.supportedEAPTypes = @[ @(NEHotspotConfigurationEAPTypeEAPTLS) ];
    eap.trustedServerNames = @[ realm ]; // expect: code-trusted-names-realm
    eap.password = password; // expect: code-eap-tls-credentials-ignored
    [eap setIdentity:identity]; // expect: code-set-identity-result-ignored, code-set-identity-not-from-keychain
    NEHotspotHS20Settings *hs = [[NEHotspotHS20Settings alloc] initWithDomainName:realm roamingEnabled:NO];
    NEHotspotConfiguration *configuration = [[NEHotspotConfiguration alloc] initWithHS20Settings:hs eapSettings:eap];
    [[NEHotspotConfigurationManager sharedManager] applyConfiguration:configuration completionHandler:^(NSError *error) {
        NSLog(@"%@", error);
    }];
}
