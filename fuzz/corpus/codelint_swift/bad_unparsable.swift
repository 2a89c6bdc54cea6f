// Bad: a syntax error; the linter says so instead of passing the file.
import NetworkExtension

func broken(eap: NEHotspotEAPSettings) {
    eap.trustedServerNames = ["radius.example.com" // expect: code-unparsable
    let x = = 3
}
