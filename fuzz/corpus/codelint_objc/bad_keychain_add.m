// Bad: kSecClass on the identity add, the app's own access group, WhenUnlocked, no chain,
// no duplicate handling, no delete by label, and a persistent reference cast to SecIdentityRef.
#import <NetworkExtension/NetworkExtension.h>

BOOL HSStore(NSData *p12, NSString *password, NEHotspotEAPSettings *eap) {
    CFArrayRef items = NULL;
    NSDictionary *options = @{ (__bridge id)kSecImportExportPassphrase: password };
    if (SecPKCS12Import((__bridge CFDataRef)p12, (__bridge CFDictionaryRef)options, &items) != errSecSuccess) return NO;
    NSDictionary *first = ((__bridge NSArray *)items)[0];
    NSMutableDictionary *add = [NSMutableDictionary dictionary];
    add[(__bridge id)kSecClass] = (__bridge id)kSecClassIdentity; // expect: code-add-identity-with-class
    add[(__bridge id)kSecValueRef] = first[(__bridge id)kSecImportItemIdentity];
    add[(__bridge id)kSecAttrAccessGroup] = @"ABCDE12345.com.example.wifi"; // expect: code-keychain-group-missing
    add[(__bridge id)kSecAttrAccessible] = (__bridge id)kSecAttrAccessibleWhenUnlocked; // expect: code-keychain-accessible-locked
    add[(__bridge id)kSecReturnPersistentRef] = @YES;
    CFTypeRef persistent = NULL;
    OSStatus status = SecItemAdd((__bridge CFDictionaryRef)add, &persistent); // expect: code-chain-not-added, code-duplicate-item-failure, code-stale-identity-not-deleted
    if (status != errSecSuccess) return NO;
    SecIdentityRef identity = (SecIdentityRef)persistent;
    eap.trustedServerNames = @[ @"radius.example.com" ];
    return [eap setIdentity:identity]; // expect: code-persistent-ref-as-identity
}
