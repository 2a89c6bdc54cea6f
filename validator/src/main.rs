fn main() {
    eprintln!("hs20check: under construction");
    std::process::exit(2);
}
