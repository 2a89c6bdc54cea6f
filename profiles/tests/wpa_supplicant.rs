//! The real wpa_supplicant (Debian package wpasupplicant) parses the generated configuration: it
//! runs in a private network namespace (unshare -n, loopback only) with a control socket, and
//! `wpa_cli get_cred` reads every field back.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use hs20_profiles::wpa_supplicant::{build, WpaFiles};

fn start_and_query(
    conf: &std::path::Path,
    ctrl: &std::path::Path,
    fields: &[&str],
) -> Result<Vec<String>, String> {
    // One shell inside the namespace: start wpa_supplicant, query it, stop it.
    let mut script = format!(
        "set -e; ip link set lo up; wpa_supplicant -B -Dwired -i lo -c '{}' -P '{}/pid' >'{}/log' 2>&1 || {{ cat '{}/log'; exit 3; }}; ",
        conf.display(), ctrl.display(), ctrl.display(), ctrl.display()
    );
    script.push_str("for i in $(seq 50); do [ -S ");
    script.push_str(&format!(
        "'{}/lo' ] && break; sleep 0.1; done; ",
        ctrl.display()
    ));
    for f in fields {
        script.push_str(&format!(
            "echo \"{f}=$(wpa_cli -p '{}' -i lo get_cred 0 {f})\"; ",
            ctrl.display()
        ));
    }
    script.push_str(&format!("kill $(cat '{}/pid')", ctrl.display()));
    for (prog, pkg) in [
        ("wpa_supplicant", "wpasupplicant"),
        ("wpa_cli", "wpasupplicant"),
        ("unshare", "util-linux"),
        ("ip", "iproute2"),
    ] {
        let found = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).any(|d| d.join(prog).exists()))
            .unwrap_or(false)
            || std::path::Path::new("/usr/sbin").join(prog).exists()
            || std::path::Path::new("/sbin").join(prog).exists();
        assert!(found, "`{prog}` is not installed: apt-get install {pkg}");
    }
    let started = Instant::now();
    let out = Command::new("unshare")
        .args(["-n", "sh", "-c", &script])
        .env(
            "PATH",
            format!(
                "/usr/sbin:/sbin:{}",
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    assert!(started.elapsed() < Duration::from_secs(30));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(text);
    }
    Ok(text.lines().map(String::from).collect())
}

#[test]
fn wpa_supplicant_accepts_the_configuration_and_reads_the_cred_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut spec = demo_spec();
    spec.roaming_consortium_ois = vec!["5a03ba0000".into(), "001bc50460".into()];
    spec.trusted_server_names = vec!["radius.example.com".into(), "radius2.example.com".into()];
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, hs20_core::x509::pem::to_pem(&spec.ca_certs)).unwrap();
    let key = dir.path().join("client.p12");
    std::fs::write(
        &key,
        spec.identity
            .to_legacy_pkcs12(&spec.identity.password)
            .unwrap(),
    )
    .unwrap();
    let files = WpaFiles {
        ca_cert: ca.display().to_string(),
        private_key: key.display().to_string(),
        private_key_passwd: Some(spec.identity.password.clone()),
    };
    let text = build(&spec, &files).unwrap();
    assert!(text.contains("interworking=1\n") && text.contains("hs20=1\n"));
    let conf = dir.path().join("wpa.conf");
    let ctrl = dir.path().join("ctrl");
    std::fs::create_dir(&ctrl).unwrap();
    std::fs::write(&conf, format!("ctrl_interface={}\n{text}", ctrl.display())).unwrap();
    let lines = start_and_query(
        &conf,
        &ctrl,
        &[
            "realm",
            "domain",
            "eap",
            "roaming_consortiums",
            "domain_suffix_match",
            "username",
            "ca_cert",
            "private_key",
        ],
    )
    .unwrap_or_else(|e| panic!("wpa_supplicant refused the configuration:\n{e}\n{text}"));
    let get = |k: &str| {
        lines
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(get("realm"), "example.com", "{lines:?}");
    assert_eq!(get("domain"), "example.com");
    assert_eq!(get("eap"), "TLS");
    assert_eq!(
        get("roaming_consortiums").to_ascii_uppercase(),
        "5A03BA0000,001BC50460"
    );
    assert_eq!(
        get("domain_suffix_match"),
        "radius.example.com;radius2.example.com"
    );
    assert_eq!(get("username"), "alice@example.com");
    assert_eq!(get("ca_cert"), ca.display().to_string());
    assert_eq!(get("private_key"), key.display().to_string());
}

#[test]
fn wpa_supplicant_rejects_a_broken_cred_block() {
    // The same harness must fail on a configuration wpa_supplicant cannot parse.
    let dir = tempfile::tempdir().unwrap();
    let ctrl = dir.path().join("ctrl");
    std::fs::create_dir(&ctrl).unwrap();
    let conf = dir.path().join("bad.conf");
    std::fs::write(
        &conf,
        format!(
            "ctrl_interface={}\ninterworking=1\ncred={{\n\trealm=\"x\"\n\tno_such_field=1\n}}\n",
            ctrl.display()
        ),
    )
    .unwrap();
    let err = start_and_query(&conf, &ctrl, &["realm"]).unwrap_err();
    assert!(err.contains("no_such_field"), "{err}");
}
