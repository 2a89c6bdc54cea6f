//! `lab-radius`: everything happens in the shell (`lab_radius::shell`), which drives the
//! sans-IO engine (`lab_radius::proto`).

fn main() -> std::process::ExitCode {
    lab_radius::shell::main()
}
