// Good: the Objective-C version of the field recipe (identity and chain into the sharing group,
// duplicates accepted, old items deleted by label, identity fetched back with kSecReturnRef).
#import <Foundation/Foundation.h>
#import <NetworkExtension/NetworkExtension.h>
#import <Security/Security.h>

NEHotspotConfiguration *HSMakeConfiguration(NSData *p12, NSString *password, NSString *teamPrefix, NSError **error) {
    NSString *group = [teamPrefix stringByAppendingString:@".com.apple.networkextensionsharing"];
    NSString *label = @"campus-wifi";
    CFArrayRef rawItems = NULL;
    NSDictionary *importOptions = @{ (__bridge id)kSecImportExportPassphrase: password };
    OSStatus status = SecPKCS12Import((__bridge CFDataRef)p12, (__bridge CFDictionaryRef)importOptions, &rawItems);
    if (status != errSecSuccess) {
        return nil;
    }
    NSDictionary *entry = ((__bridge_transfer NSArray *)rawItems).firstObject;
    SecIdentityRef memoryIdentity = (__bridge SecIdentityRef)entry[(__bridge id)kSecImportItemIdentity];
    NSArray *certificateChain = entry[(__bridge id)kSecImportItemCertChain];

    NSDictionary *stale = @{ (__bridge id)kSecClass: (__bridge id)kSecClassIdentity,
                             (__bridge id)kSecAttrAccessGroup: group,
                             (__bridge id)kSecAttrLabel: label };
    SecItemDelete((__bridge CFDictionaryRef)stale);

    NSDictionary *attributes = @{ (__bridge id)kSecValueRef: (__bridge id)memoryIdentity,
                                  (__bridge id)kSecAttrAccessGroup: group,
                                  (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAfterFirstUnlock,
                                  (__bridge id)kSecAttrLabel: label };
    status = SecItemAdd((__bridge CFDictionaryRef)attributes, NULL);
    if (status != errSecSuccess && status != errSecDuplicateItem) {
        return nil;
    }
    for (id chainCertificate in certificateChain) {
        NSDictionary *chainAttributes = @{ (__bridge id)kSecValueRef: chainCertificate,
                                           (__bridge id)kSecAttrAccessGroup: group,
                                           (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAfterFirstUnlock };
        OSStatus chainStatus = SecItemAdd((__bridge CFDictionaryRef)chainAttributes, NULL);
        if (chainStatus != errSecSuccess && chainStatus != errSecDuplicateItem) {
            return nil;
        }
    }

    NSDictionary *query = @{ (__bridge id)kSecClass: (__bridge id)kSecClassIdentity,
                             (__bridge id)kSecAttrAccessGroup: group,
                             (__bridge id)kSecAttrLabel: label,
                             (__bridge id)kSecReturnRef: @YES };
    CFTypeRef found = NULL;
    if (SecItemCopyMatching((__bridge CFDictionaryRef)query, &found) != errSecSuccess) {
        return nil;
    }
    SecIdentityRef keychainIdentity = (SecIdentityRef)found;

    NEHotspotEAPSettings *eap = [[NEHotspotEAPSettings alloc] init];
    eap.supportedEAPTypes = @[ @(NEHotspotConfigurationEAPTypeEAPTLS) ];
    eap.trustedServerNames = @[ @"radius.campus.example.edu" ];
    if (![eap setIdentity:keychainIdentity]) {
        return nil;
    }
    NEHotspotHS20Settings *hs20 = [[NEHotspotHS20Settings alloc] initWithDomainName:@"campus.example.edu" roamingEnabled:YES];
    hs20.naiRealmNames = @[ @"campus.example.edu" ];
    hs20.roamingConsortiumOIs = @[ @"5A03BA0000" ];
    hs20.MCCAndMNCs = @[ @"234015" ];
    return [[NEHotspotConfiguration alloc] initWithHS20Settings:hs20 eapSettings:eap];
}
