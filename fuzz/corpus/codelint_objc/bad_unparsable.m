// Bad: not Objective-C the grammar can read; said as such.
#import <NetworkExtension/NetworkExtension.h>

void HSBroken(NEHotspotEAPSettings *eap) {
    eap.trustedServerNames = @[ @"radius.example.com" ;; ]; // expect: code-unparsable
}
