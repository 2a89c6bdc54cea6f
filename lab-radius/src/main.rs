fn main() {
    eprintln!("lab-radius: not built yet (issue #3)");
    std::process::exit(2);
}
