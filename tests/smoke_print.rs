#[test]
#[ignore]
fn print() {
    for file in [
        "examples/create_users_table.json",
        "examples/create_orders_table.json",
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        for db in ["sqlite", "postgresql", "mysql"] {
            let t = text.replace("\"sqlite\"", &format!("\"{db}\""));
            let r = migration_generator::generate_str(&t);
            println!(
                "=== {file} {db}\n{}\n{}\n{:?}\n",
                r.file_content,
                r.type_definitions.clone().unwrap_or_default(),
                r.validation
            );
        }
    }
}
