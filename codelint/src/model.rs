//! A small language-neutral model of one parsed Swift or Objective-C file: the calls (C functions,
//! Swift calls, Objective-C messages), property assignments, local bindings and dictionary
//! literals the rules look at. Built once per file from the tree-sitter syntax tree; the rules
//! never look at the grammar's node kinds.

use std::collections::{HashMap, HashSet};
use tree_sitter::Node;

/// The two languages the linter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Swift,
    ObjC,
}

impl Language {
    /// By file extension: `.swift`; `.m` / `.mm` (Objective-C, Objective-C++ read as Objective-C).
    pub fn from_path(path: &str) -> Option<Language> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "swift" => Some(Language::Swift),
            "m" | "mm" => Some(Language::ObjC),
            _ => None,
        }
    }

    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::Swift => tree_sitter_swift::LANGUAGE.into(),
            Language::ObjC => tree_sitter_objc::LANGUAGE.into(),
        }
    }
}

/// 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A call: `f(a, b)`, `x.f(label: a)` or `[x f:a g:b]`; `name` is the function or the first
/// selector part / last member name.
#[derive(Debug, Clone)]
pub struct Call<'t> {
    pub name: String,
    /// Arguments in order, with their Swift label or Objective-C selector part when there is one.
    pub args: Vec<(Option<String>, Node<'t>)>,
    pub node: Node<'t>,
    /// False when the call is a statement of its own (or assigned to `_`, or cast to void).
    pub result_used: bool,
}

/// `x.prop = value` / `[x setProp:value]` is not an assignment (it is a call); `prop` is the
/// member name.
#[derive(Debug, Clone)]
pub struct Assign<'t> {
    pub property: String,
    pub value: Node<'t>,
    pub node: Node<'t>,
}

/// One key of a dictionary: literal entry or `dict[key] = value`.
#[derive(Debug, Clone)]
pub struct Entry<'t> {
    pub key: String,
    pub key_node: Node<'t>,
    pub value: Node<'t>,
}

pub struct Model<'t> {
    pub lang: Language,
    pub src: &'t str,
    pub calls: Vec<Call<'t>>,
    pub assigns: Vec<Assign<'t>>,
    /// variable → the expressions assigned to it (initializer, later `x = …`, `for x in …`,
    /// `if let` / `guard let`); [`Model::lookup`] picks the one in scope at a use.
    pub bindings: HashMap<String, Vec<Node<'t>>>,
    /// variable → `v[key] = value` entries.
    pub subscript_entries: HashMap<String, Vec<Entry<'t>>>,
    /// Names of function and method parameters (values the linter cannot follow in this file).
    pub params: HashSet<String>,
    /// Variables passed as `&x` out-parameter: name → the call.
    pub out_params: HashMap<String, Vec<Call<'t>>>,
    /// Every identifier, in source order.
    pub identifiers: Vec<(String, Node<'t>)>,
    /// Functions and methods defined in this file: name (first selector part) → definition.
    pub functions: HashMap<String, Node<'t>>,
    /// ERROR and MISSING nodes.
    pub errors: Vec<Node<'t>>,
}

pub fn pos(node: Node) -> Pos {
    let p = node.start_position();
    Pos {
        line: p.row + 1,
        column: p.column + 1,
    }
}

impl<'t> Model<'t> {
    pub fn build(lang: Language, src: &'t str, root: Node<'t>) -> Model<'t> {
        let mut m = Model {
            lang,
            src,
            calls: Vec::new(),
            assigns: Vec::new(),
            bindings: HashMap::new(),
            subscript_entries: HashMap::new(),
            params: HashSet::new(),
            out_params: HashMap::new(),
            identifiers: Vec::new(),
            functions: HashMap::new(),
            errors: Vec::new(),
        };
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            // Outermost ERROR / MISSING nodes only: one syntax error, one finding.
            if (n.is_error() || n.is_missing()) && !inside_error(n) {
                m.errors.push(n);
            }
            match lang {
                Language::Swift => m.swift_node(n),
                Language::ObjC => m.objc_node(n),
            }
            let mut c = n.walk();
            let children: Vec<Node> = n.children(&mut c).collect();
            for ch in children.into_iter().rev() {
                stack.push(ch);
            }
        }
        m.errors.sort_by_key(|n| n.start_byte());
        let calls = m.calls.clone();
        for call in calls {
            for (_, a) in &call.args {
                let s = m.strip(*a);
                if matches!(s.kind(), "prefix_expression" | "pointer_expression")
                    && m.text(s).starts_with('&')
                {
                    if let Some(name) = m.ident(m.strip(last_named(s))) {
                        m.out_params.entry(name).or_default().push(call.clone());
                    }
                }
            }
        }
        m
    }

    pub fn text(&self, n: Node) -> &'t str {
        // tree-sitter reads UTF-8 by code point, so ranges fall on character boundaries; never
        // panic if one does not.
        self.src.get(n.byte_range()).unwrap_or("")
    }

    /// Removes casts, bridging, parentheses and boxing: `x as CFDictionary`,
    /// `(__bridge id)x`, `(x)`, `@(x)`, `x!`.
    pub fn strip(&self, mut n: Node<'t>) -> Node<'t> {
        loop {
            let next = match n.kind() {
                "as_expression" => n.child_by_field_name("expr"),
                "cast_expression" => n.child_by_field_name("value"),
                "parenthesized_expression" | "at_expression" => n.named_child(0),
                "tuple_expression" if n.named_child_count() == 1 => n.named_child(0),
                "postfix_expression" if self.text(n).ends_with('!') => n.named_child(0),
                "value_argument" => n.child_by_field_name("value"),
                // `try x`, `try? x`, `await x`
                "try_expression" | "await_expression" => {
                    n.named_child(n.named_child_count().saturating_sub(1) as u32)
                }
                _ => None,
            };
            match next {
                Some(x) => n = x,
                None => return n,
            }
        }
    }

    /// The identifier an expression is (after stripping), if it is one.
    pub fn ident(&self, n: Node) -> Option<String> {
        matches!(n.kind(), "simple_identifier" | "identifier").then(|| self.text(n).to_string())
    }

    /// The last name of `a.b.c` / `a->c` / `x`.
    pub fn member_name(&self, n: Node<'t>) -> Option<String> {
        let n = self.strip(n);
        match n.kind() {
            "simple_identifier" | "identifier" | "field_identifier" => Some(self.text(n).into()),
            "navigation_expression" => n
                .child_by_field_name("suffix")
                .and_then(|s| s.child_by_field_name("suffix"))
                .map(|s| self.text(s).to_string()),
            "field_expression" => n
                .child_by_field_name("field")
                .map(|s| self.text(s).to_string()),
            _ => None,
        }
    }

    /// The string of a string literal (without quotes; simple literals only).
    pub fn string_literal(&self, n: Node<'t>) -> Option<String> {
        let n = self.strip(n);
        match n.kind() {
            "line_string_literal" | "string_literal" => {
                let mut out = String::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    match ch.kind() {
                        "line_str_text" | "string_content" | "str_escaped_char"
                        | "escape_sequence" => out.push_str(self.text(ch)),
                        // An interpolation: not a literal.
                        _ => return None,
                    }
                }
                Some(out)
            }
            _ => None,
        }
    }

    /// Elements of an array literal (`[a, b]`, `@[a, b]`), stripped.
    pub fn array_elements(&self, n: Node<'t>) -> Option<Vec<Node<'t>>> {
        let n = self.strip(n);
        if n.kind() != "array_literal" {
            return None;
        }
        let mut c = n.walk();
        let v: Vec<Node> = n.named_children(&mut c).collect();
        Some(v)
    }

    /// Dictionary entries of an expression: a literal, or a variable bound to one (plus its
    /// `v[key] = value` assignments). None when the linter cannot see the dictionary.
    pub fn dict(&self, n: Node<'t>) -> Option<Vec<Entry<'t>>> {
        self.dict_depth(n, 0)
    }

    fn dict_depth(&self, n: Node<'t>, depth: usize) -> Option<Vec<Entry<'t>>> {
        if depth > 6 {
            return None;
        }
        let n = self.strip(n);
        if n.kind() == "dictionary_literal" {
            return Some(self.literal_entries(n));
        }
        let name = self.ident(n)?;
        let mut entries = Vec::new();
        let mut seen = false;
        if let Some(b) = self.lookup(&name, n) {
            if let Some(e) = self.dict_depth(b, depth + 1) {
                entries.extend(e);
                seen = true;
            } else if self.strip(b).kind() == "message_expression"
                && self.text(b).contains("Dictionary")
            {
                seen = true; // [NSMutableDictionary dictionary]
            }
        }
        let here = function_of(n);
        for e in self.subscript_entries.get(&name).into_iter().flatten() {
            if function_of(e.key_node) == here {
                entries.push(e.clone());
                seen = true;
            }
        }
        seen.then_some(entries)
    }

    fn literal_entries(&self, n: Node<'t>) -> Vec<Entry<'t>> {
        let mut out = Vec::new();
        match self.lang {
            Language::Swift => {
                let mut c = n.walk();
                let keys: Vec<Node> = n.children_by_field_name("key", &mut c).collect();
                let mut c = n.walk();
                let values: Vec<Node> = n.children_by_field_name("value", &mut c).collect();
                for (k, v) in keys.into_iter().zip(values) {
                    out.push(self.entry(k, v));
                }
            }
            Language::ObjC => {
                let mut c = n.walk();
                for pair in n.named_children(&mut c) {
                    if pair.kind() == "dictionary_pair" && pair.named_child_count() >= 2 {
                        let k = pair.named_child(0).expect("counted");
                        let v = pair.named_child(1).expect("counted");
                        out.push(self.entry(k, v));
                    }
                }
            }
        }
        out
    }

    fn entry(&self, k: Node<'t>, v: Node<'t>) -> Entry<'t> {
        let key_node = self.strip(k);
        let key = self
            .member_name(key_node)
            .or_else(|| self.string_literal(key_node))
            .unwrap_or_else(|| self.text(key_node).to_string());
        Entry {
            key,
            key_node,
            value: v,
        }
    }

    /// The value a variable holds at `use_site`: the latest binding before it whose block
    /// encloses it (a lexical-scope approximation: `let`/`var`, `if let`/`guard let`, `for … in`,
    /// plain assignment, C declarations).
    pub fn lookup(&self, name: &str, use_site: Node<'t>) -> Option<Node<'t>> {
        let at = use_site.start_byte();
        self.bindings
            .get(name)?
            .iter()
            .filter(|b| {
                let v = b.byte_range();
                v.start < at
                    && !v.contains(&at)
                    && scope_of(**b).is_none_or(|s| s.byte_range().contains(&at))
            })
            .max_by_key(|b| b.start_byte())
            .copied()
    }

    /// The call that last filled `name` as an `&name` out-parameter before `use_site`, in the
    /// same function.
    pub fn out_param_call(&self, name: &str, use_site: Node<'t>) -> Option<&Call<'t>> {
        let here = function_of(use_site);
        self.out_params
            .get(name)?
            .iter()
            .filter(|c| c.node.start_byte() < use_site.start_byte() && function_of(c.node) == here)
            .max_by_key(|c| c.node.start_byte())
    }

    pub fn calls_named<'a>(&'a self, names: &'a [&str]) -> impl Iterator<Item = &'a Call<'t>> {
        self.calls
            .iter()
            .filter(move |c| names.contains(&c.name.as_str()))
    }

    pub fn mentions(&self, name: &str) -> bool {
        self.identifiers.iter().any(|(n, _)| n == name)
    }

    fn bind(&mut self, name: String, value: Node<'t>) {
        self.bindings.entry(name).or_default().push(value);
    }

    fn is_void_or_statement(&self, n: Node<'t>) -> bool {
        let mut parent = n.parent();
        // Skip wrappers that do not use the value.
        while let Some(p) = parent {
            match p.kind() {
                "parenthesized_expression" => parent = p.parent(),
                _ => break,
            }
        }
        let Some(p) = parent else { return true };
        match p.kind() {
            "statements" | "expression_statement" | "function_body" | "source_file" => true,
            "assignment" => p
                .child_by_field_name("target")
                .is_some_and(|t| self.text(t).trim() == "_"),
            "cast_expression" => self.text(p).replace(' ', "").starts_with("(void)"),
            _ => false,
        }
    }

    fn swift_node(&mut self, n: Node<'t>) {
        match n.kind() {
            "simple_identifier" | "type_identifier" => {
                self.identifiers.push((self.text(n).into(), n))
            }
            "function_declaration" => {
                if let Some(name) = n.child_by_field_name("name") {
                    self.functions.insert(self.text(name).into(), n);
                }
            }
            "parameter" => {
                if let Some(name) = n.child_by_field_name("name") {
                    if name.kind() == "simple_identifier" {
                        self.params.insert(self.text(name).into());
                    }
                }
            }
            "property_declaration" => {
                let mut c = n.walk();
                let names: Vec<Node> = n.children_by_field_name("name", &mut c).collect();
                let mut c = n.walk();
                let values: Vec<Node> = n.children_by_field_name("value", &mut c).collect();
                for (name, value) in names.into_iter().zip(values) {
                    if let Some(id) = name.child_by_field_name("bound_identifier") {
                        self.bind(self.text(id).into(), value);
                    }
                }
            }
            "if_statement" | "guard_statement" | "while_statement" => {
                // `if let x = e` / `guard let x = e`: bound_identifier, then the next condition.
                let mut c = n.walk();
                let mut pending: Option<String> = None;
                for (i, ch) in n.children(&mut c).enumerate() {
                    match n.field_name_for_child(i as u32) {
                        Some("bound_identifier") => pending = Some(self.text(ch).into()),
                        Some("condition")
                            if ch.is_named() && ch.kind() != "value_binding_pattern" =>
                        {
                            if let Some(name) = pending.take() {
                                self.bind(name, ch);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "for_statement" => {
                if let (Some(item), Some(coll)) = (
                    n.child_by_field_name("item"),
                    n.child_by_field_name("collection"),
                ) {
                    if let Some(id) = item.child_by_field_name("bound_identifier") {
                        self.bind(self.text(id).into(), coll);
                    }
                }
            }
            "assignment" => {
                let (Some(target), Some(value)) = (
                    n.child_by_field_name("target"),
                    n.child_by_field_name("result"),
                ) else {
                    return;
                };
                let Some(t) = target.named_child(0) else {
                    return;
                };
                match t.kind() {
                    "simple_identifier" => self.bind(self.text(t).into(), value),
                    "navigation_expression" => {
                        if let Some(p) = self.member_name(t) {
                            self.assigns.push(Assign {
                                property: p,
                                value,
                                node: n,
                            });
                        }
                    }
                    // `dict[key] = value` parses as a call of `dict`.
                    "call_expression" => {
                        let callee = t.named_child(0);
                        let key = t
                            .named_child(1)
                            .and_then(|s| s.named_child(0))
                            .and_then(|args| args.named_child(0));
                        if let (Some(callee), Some(key)) = (callee, key) {
                            if let Some(var) = self.ident(callee) {
                                let e = self.entry(key, value);
                                self.subscript_entries.entry(var).or_default().push(e);
                            }
                        }
                    }
                    _ => {}
                }
            }
            "call_expression" => {
                // Subscript targets are handled above.
                if n.parent()
                    .is_some_and(|p| p.kind() == "directly_assignable_expression")
                {
                    return;
                }
                let (Some(callee), Some(suffix)) = (n.named_child(0), n.named_child(1)) else {
                    return;
                };
                // `!x.f(a)` parses as a call of `!x.f`.
                let callee = if callee.kind() == "prefix_expression" {
                    callee.child_by_field_name("target").unwrap_or(callee)
                } else {
                    callee
                };
                let Some(name) = self.member_name(callee) else {
                    return;
                };
                let mut args = Vec::new();
                if let Some(list) = suffix.named_child(0) {
                    if list.kind() == "value_arguments" {
                        let mut c = list.walk();
                        for a in list.named_children(&mut c) {
                            if a.kind() != "value_argument" {
                                continue;
                            }
                            let label = a
                                .child_by_field_name("name")
                                .map(|l| self.text(l).trim().to_string());
                            if let Some(v) = a.child_by_field_name("value") {
                                args.push((label, v));
                            }
                        }
                    }
                }
                let result_used = !self.is_void_or_statement(n);
                self.calls.push(Call {
                    name,
                    args,
                    node: n,
                    result_used,
                });
            }
            _ => {}
        }
    }

    fn objc_node(&mut self, n: Node<'t>) {
        match n.kind() {
            "identifier" | "type_identifier" => self.identifiers.push((self.text(n).into(), n)),
            "function_definition" => {
                if let Some(id) = find_identifier(n.child_by_field_name("declarator")) {
                    self.functions.insert(self.text(id).into(), n);
                }
            }
            "method_definition" => {
                let mut c = n.walk();
                let id = n.named_children(&mut c).find(|x| x.kind() == "identifier");
                if let Some(id) = id {
                    self.functions.insert(self.text(id).into(), n);
                }
            }
            "parameter_declaration" | "method_parameter" => {
                if let Some(id) = find_identifier(n.child_by_field_name("declarator").or(Some(n))) {
                    self.params.insert(self.text(id).into());
                }
                if n.kind() == "method_parameter" {
                    let mut c = n.walk();
                    if let Some(id) = n
                        .named_children(&mut c)
                        .filter(|x| x.kind() == "identifier")
                        .last()
                    {
                        self.params.insert(self.text(id).into());
                    }
                }
            }
            "init_declarator" => {
                if let (Some(d), Some(v)) = (
                    n.child_by_field_name("declarator"),
                    n.child_by_field_name("value"),
                ) {
                    if let Some(id) = find_identifier(Some(d)) {
                        self.bind(self.text(id).into(), v);
                    }
                }
            }
            "for_statement" if self.text(n).contains(" in ") => {
                // `for (id x in collection)`: the last two expressions before the body.
                let mut c = n.walk();
                let kids: Vec<Node> = n
                    .named_children(&mut c)
                    .filter(|k| !k.kind().ends_with("statement"))
                    .collect();
                if kids.len() >= 2 {
                    let var = kids[kids.len() - 2];
                    let coll = kids[kids.len() - 1];
                    if var.kind() == "identifier" {
                        self.bind(self.text(var).into(), coll);
                    }
                }
            }
            "assignment_expression" => {
                let (Some(left), Some(right)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) else {
                    return;
                };
                match left.kind() {
                    "identifier" => self.bind(self.text(left).into(), right),
                    "field_expression" => {
                        if let Some(p) = self.member_name(left) {
                            self.assigns.push(Assign {
                                property: p,
                                value: right,
                                node: n,
                            });
                        }
                    }
                    "subscript_expression" => {
                        if let (Some(arr), Some(idx)) = (
                            left.child_by_field_name("argument"),
                            left.child_by_field_name("index"),
                        ) {
                            if let Some(var) = self.ident(arr) {
                                let e = self.entry(idx, right);
                                self.subscript_entries.entry(var).or_default().push(e);
                            }
                        }
                    }
                    _ => {}
                }
            }
            "call_expression" => {
                let Some(f) = n.child_by_field_name("function") else {
                    return;
                };
                let Some(name) = self.member_name(f) else {
                    return;
                };
                let mut args = Vec::new();
                if let Some(list) = n.child_by_field_name("arguments") {
                    let mut c = list.walk();
                    for a in list.named_children(&mut c) {
                        if a.kind() != "comment" {
                            args.push((None, a));
                        }
                    }
                }
                let result_used = !self.is_void_or_statement(n);
                self.calls.push(Call {
                    name,
                    args,
                    node: n,
                    result_used,
                });
            }
            "message_expression" => {
                let mut c = n.walk();
                let mut name = None;
                let mut label = None;
                let mut args = Vec::new();
                for (i, ch) in n.children(&mut c).enumerate() {
                    match n.field_name_for_child(i as u32) {
                        Some("receiver") => {}
                        Some("method") => {
                            // `[x f:(SecIdentityRef)y]` parses `y` as a selector part; one with
                            // no `:` after it, right after a parenthesised type, is the operand.
                            let colon_follows = ch.next_sibling().is_some_and(|t| t.kind() == ":");
                            let after_type = label.is_none()
                                && args
                                    .last()
                                    .is_some_and(|(_, prev): &(Option<String>, Node)| {
                                        is_parenthesized_type(*prev)
                                    });
                            if after_type && !colon_follows {
                                if let Some(last) = args.last_mut() {
                                    last.1 = ch;
                                }
                                continue;
                            }
                            let part = self.text(ch).to_string();
                            if name.is_none() {
                                name = Some(part.clone());
                            }
                            label = Some(part);
                        }
                        _ if ch.is_named() && ch.kind() != "comment" => {
                            // `[x f:(SecIdentityRef)y]` can parse as the argument `(SecIdentityRef)`
                            // followed by `y`: a parenthesised type name followed by a value
                            // with no selector part between them is a cast of that value.
                            let after_cast = label.is_none()
                                && args
                                    .last()
                                    .is_some_and(|(_, prev): &(Option<String>, Node)| {
                                        is_parenthesized_type(*prev)
                                    });
                            if after_cast {
                                if let Some(last) = args.last_mut() {
                                    last.1 = ch;
                                }
                            } else {
                                args.push((label.take(), ch));
                            }
                        }
                        _ => {}
                    }
                }
                let Some(name) = name else { return };
                let result_used = !self.is_void_or_statement(n);
                self.calls.push(Call {
                    name,
                    args,
                    node: n,
                    result_used,
                });
            }
            _ => {}
        }
    }
}

/// Blocks that bound a variable's visibility.
const BLOCKS: &[&str] = &[
    "statements",
    "function_body",
    "class_body",
    "lambda_literal",
    "compound_statement",
    "implementation_definition",
];
/// Function-like definitions (closures are not: they see the enclosing function's variables).
const FUNCTIONS: &[&str] = &[
    "function_declaration",
    "init_declaration",
    "function_definition",
    "method_definition",
];

fn ancestor<'t>(n: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut p = n.parent();
    while let Some(x) = p {
        if kinds.contains(&x.kind()) {
            return Some(x);
        }
        p = x.parent();
    }
    None
}

/// The innermost block around `n` (None at file level).
pub fn scope_of(n: Node) -> Option<Node> {
    ancestor(n, BLOCKS)
}

/// The function or method `n` is in (None at file level).
pub fn function_of(n: Node) -> Option<Node> {
    ancestor(n, FUNCTIONS)
}

/// `(SecIdentityRef)`: a parenthesised single name, i.e. a cast the grammar did not see.
fn is_parenthesized_type(n: Node) -> bool {
    n.kind() == "parenthesized_expression"
        && n.named_child_count() == 1
        && n.named_child(0)
            .is_some_and(|t| matches!(t.kind(), "identifier" | "type_identifier"))
}

fn inside_error(n: Node) -> bool {
    let mut p = n.parent();
    while let Some(x) = p {
        if x.is_error() {
            return true;
        }
        p = x.parent();
    }
    false
}

fn last_named(n: Node) -> Node {
    let c = n.named_child_count();
    if c == 0 {
        n
    } else {
        n.named_child((c - 1) as u32).unwrap_or(n)
    }
}

/// The identifier inside a declarator (`*x`, `x`, `x[3]`).
fn find_identifier(n: Option<Node>) -> Option<Node> {
    let n = n?;
    if n.kind() == "identifier" {
        return Some(n);
    }
    if let Some(d) = n.child_by_field_name("declarator") {
        return find_identifier(Some(d));
    }
    None
}
