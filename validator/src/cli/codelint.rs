//! `hs20check lint FILE.swift | FILE.m | DIR`: the app's own provisioning code (crate
//! hs20-codelint). Kept apart from lint.rs so the hook there stays a few lines.

use super::input;
use super::lint::{Format, LintArgs};
use super::{input_error, EXIT_FINDINGS, EXIT_OK};
use hs20_codelint::files::lint_path;
use hs20_codelint::report;
use hs20_codelint::LintOptions;
use hs20check::finding::Verdict;
use hs20check::x509::facts::CertFacts;
use std::process::ExitCode;

pub use hs20_codelint::files::is_code_path;

pub fn run(args: &LintArgs) -> ExitCode {
    let mut opts = LintOptions {
        server_names: None,
        trusted_server_names: args.trusted_server_name.clone(),
    };
    if let Some(path) = &args.server_cert {
        let chain = match input::certificates(path, "--server-cert") {
            Ok(c) => c,
            Err(e) => return input_error(e),
        };
        let Some(leaf) = chain.first() else {
            return input_error(format!("{}: --server-cert: no certificate", path.display()));
        };
        let facts = match CertFacts::from_der(leaf) {
            Ok(f) => f,
            Err(e) => return input_error(format!("{}: --server-cert: {}", path.display(), e.0)),
        };
        let presented =
            hs20check::apple::names::presented_names(&facts.dns_names, &facts.common_names);
        opts.server_names = Some(presented.names);
    }
    let run = match lint_path(&args.file, &opts) {
        Ok(r) => r,
        Err(e) => return input_error(e),
    };
    match args.format {
        Format::Human => print!("{}", report::human(&run)),
        Format::Json => println!("{}", report::json(&run)),
        Format::Xcode => print!("{}", report::xcode(&run)),
        Format::Sarif => println!("{}", report::sarif(&run)),
    }
    ExitCode::from(if report::code_verdict(&run.findings) == Verdict::Fail {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
