//! Prints the tree-sitter syntax tree of a .swift / .m file (field names, kinds, 1-based positions):
//! `cargo run -p hs20-codelint --example dump FILE`. For writing new rules.
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let lang: tree_sitter::Language = if path.ends_with(".swift") {
        tree_sitter_swift::LANGUAGE.into()
    } else {
        tree_sitter_objc::LANGUAGE.into()
    };
    let mut p = tree_sitter::Parser::new();
    p.set_language(&lang).unwrap();
    let t = p.parse(&src, None).unwrap();
    fn walk(n: tree_sitter::Node, src: &str, depth: usize, field: Option<&str>) {
        let text = &src[n.byte_range()];
        let short: String = text.chars().take(50).collect::<String>().replace('\n', " ");
        println!(
            "{}{}{} [{}:{}] {:?}",
            "  ".repeat(depth),
            field.map(|f| format!("{f}: ")).unwrap_or_default(),
            n.kind(),
            n.start_position().row + 1,
            n.start_position().column + 1,
            if n.named_child_count() == 0 {
                short
            } else {
                String::new()
            }
        );
        let mut c = n.walk();
        for (i, ch) in n.children(&mut c).enumerate() {
            if ch.is_named() || ch.is_missing() {
                walk(ch, src, depth + 1, n.field_name_for_child(i as u32));
            }
        }
    }
    walk(t.root_node(), &src, 0, None);
}
