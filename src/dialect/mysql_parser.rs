//! sqlparser's MySQL dialect with the expression prefix shortcut of [`super::prefix_shortcut`]:
//! a number, a '…' string or a plain name followed by a comparison, `)`, `,`, `;`, `::`, AND,
//! OR or the end is read without sqlparser's failing attempt at a data type first (about 5% of
//! a MySQL generation's instructions went to that attempt and its unread error messages).

use sqlparser::ast::{DataType, Expr, Statement};
use sqlparser::dialect::{BindPlaceholderStyle, Dialect as ParserDialect, MySqlDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};

/// sqlparser's [`MySqlDialect`], taking the prefix shortcut. Everything else is forwarded: every
/// method `MySqlDialect` overrides (sqlparser 0.64, 43 of them), and the type it answers to, so
/// sqlparser's checks of "is this MySQL" (and ours, `is::<MySqlDialect>()`) still hold.
#[derive(Debug)]
pub struct MySqlParser(pub MySqlDialect);

impl ParserDialect for MySqlParser {
    fn dialect(&self) -> std::any::TypeId {
        self.0.dialect()
    }
    // The shortcut (same trees): see `prefix_shortcut`.
    fn parse_prefix(&self, parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
        super::prefix_shortcut::prefix(parser)
    }
    fn parse_data_type(&self, _parser: &mut Parser) -> Option<Result<DataType, ParserError>> {
        super::prefix_shortcut::data_type_probe()
    }
    fn get_next_precedence(&self, parser: &Parser) -> Option<Result<u8, ParserError>> {
        self.0.get_next_precedence(parser)
    }
    fn identifier_quote_style(&self, identifier: &str) -> Option<char> {
        self.0.identifier_quote_style(identifier)
    }
    fn ignores_wildcard_escapes(&self) -> bool {
        self.0.ignores_wildcard_escapes()
    }
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        self.0.is_delimited_identifier_start(ch)
    }
    fn is_identifier_part(&self, ch: char) -> bool {
        self.0.is_identifier_part(ch)
    }
    fn is_identifier_start(&self, ch: char) -> bool {
        self.0.is_identifier_start(ch)
    }
    fn is_table_factor_alias(&self, explicit: bool, kw: &Keyword, parser: &mut Parser) -> bool {
        self.0.is_table_factor_alias(explicit, kw, parser)
    }
    fn ordered_bind_placeholder_style(&self) -> Option<BindPlaceholderStyle> {
        self.0.ordered_bind_placeholder_style()
    }
    fn parse_infix(
        &self,
        parser: &mut Parser,
        expr: &Expr,
        precedence: u8,
    ) -> Option<Result<Expr, ParserError>> {
        self.0.parse_infix(parser, expr, precedence)
    }
    fn parse_statement(&self, parser: &mut Parser) -> Option<Result<Statement, ParserError>> {
        self.0.parse_statement(parser)
    }
    fn require_interval_qualifier(&self) -> bool {
        self.0.require_interval_qualifier()
    }
    fn requires_single_line_comment_whitespace(&self) -> bool {
        self.0.requires_single_line_comment_whitespace()
    }
    fn supports_alter_column_position(&self) -> bool {
        self.0.supports_alter_column_position()
    }
    fn supports_binary_kw_as_cast(&self) -> bool {
        self.0.supports_binary_kw_as_cast()
    }
    fn supports_bitwise_shift_operators(&self) -> bool {
        self.0.supports_bitwise_shift_operators()
    }
    fn supports_comma_separated_set_assignments(&self) -> bool {
        self.0.supports_comma_separated_set_assignments()
    }
    fn supports_comment_optimizer_hint(&self) -> bool {
        self.0.supports_comment_optimizer_hint()
    }
    fn supports_constraint_keyword_without_name(&self) -> bool {
        self.0.supports_constraint_keyword_without_name()
    }
    fn supports_create_table_select(&self) -> bool {
        self.0.supports_create_table_select()
    }
    fn supports_cross_join_constraint(&self) -> bool {
        self.0.supports_cross_join_constraint()
    }
    fn supports_data_type_signed_suffix(&self) -> bool {
        self.0.supports_data_type_signed_suffix()
    }
    fn supports_data_type_zerofill_suffix(&self) -> bool {
        self.0.supports_data_type_zerofill_suffix()
    }
    fn supports_double_ampersand_operator(&self) -> bool {
        self.0.supports_double_ampersand_operator()
    }
    fn supports_group_by_with_modifier(&self) -> bool {
        self.0.supports_group_by_with_modifier()
    }
    fn supports_hash_comment(&self) -> bool {
        self.0.supports_hash_comment()
    }
    fn supports_insert_set(&self) -> bool {
        self.0.supports_insert_set()
    }
    fn supports_key_column_option(&self) -> bool {
        self.0.supports_key_column_option()
    }
    fn supports_left_associative_joins_without_parens(&self) -> bool {
        self.0.supports_left_associative_joins_without_parens()
    }
    fn supports_limit_comma(&self) -> bool {
        self.0.supports_limit_comma()
    }
    fn supports_literal_prefix_in_qualified_name(&self) -> bool {
        self.0.supports_literal_prefix_in_qualified_name()
    }
    fn supports_match_against(&self) -> bool {
        self.0.supports_match_against()
    }
    fn supports_multiline_comment_hints(&self) -> bool {
        self.0.supports_multiline_comment_hints()
    }
    fn supports_numeric_prefix(&self) -> bool {
        self.0.supports_numeric_prefix()
    }
    fn supports_select_modifiers(&self) -> bool {
        self.0.supports_select_modifiers()
    }
    fn supports_set_names(&self) -> bool {
        self.0.supports_set_names()
    }
    fn supports_singular_value_keyword(&self) -> bool {
        self.0.supports_singular_value_keyword()
    }
    fn supports_string_literal_backslash_escape(&self) -> bool {
        self.0.supports_string_literal_backslash_escape()
    }
    fn supports_string_literal_concatenation(&self) -> bool {
        self.0.supports_string_literal_concatenation()
    }
    fn supports_string_literal_table_alias(&self, explicit: bool) -> bool {
        self.0.supports_string_literal_table_alias(explicit)
    }
    fn supports_table_hints(&self) -> bool {
        self.0.supports_table_hints()
    }
    fn supports_table_partitions(&self) -> bool {
        self.0.supports_table_partitions()
    }
    fn supports_update_order_by(&self) -> bool {
        self.0.supports_update_order_by()
    }
    fn supports_user_host_grantee(&self) -> bool {
        self.0.supports_user_host_grantee()
    }
}

#[cfg(test)]
mod tests {
    use super::MySqlParser;
    use sqlparser::dialect::{Dialect, MySqlDialect};
    use sqlparser::parser::Parser;
    use sqlparser::tokenizer::Tokenizer;

    /// Parses `text` as one expression, its Debug form (spans included) or the error's text.
    fn expr(d: &dyn Dialect, text: &str, limit: usize) -> Result<String, String> {
        Parser::new(d)
            .with_recursion_limit(limit)
            .try_with_sql(text)
            .and_then(|mut p| p.parse_expr())
            .map(|e| format!("{e:?}"))
            .map_err(|e| e.to_string())
    }

    /// The wrapper's trees, tokens and errors are sqlparser's own MySQL dialect's, the recursion
    /// limit stops the parse at the same depth, and the wrapper answers to `MySqlDialect`.
    #[test]
    fn same_trees_tokens_and_errors_as_sqlparser() {
        let ours = MySqlParser(MySqlDialect {});
        let theirs = MySqlDialect {};
        assert!((&ours as &dyn Dialect).is::<MySqlDialect>());
        let texts = [
            "a >= 0",
            "`a` = 'x' AND b <> 2 OR c < 3.5",
            "a = 'x' && b = 1",
            "a = 1 XOR b = 2",
            "a DIV 2 = 1",
            "(a) > (0)",
            "`A` = 1",
            "a::int = 1",
            "'a' 'b' = c",
            "'2020-01-01' < d",
            "f(a, b) = 1",
            "char_length(`a`) BETWEEN 1 AND 5",
            "a",
            "1",
            "'s'",
            "'it''s' = a",
            "'a\\'b' = a",
            "_utf8mb4'x' = a",
            "X'0A' = a",
            "a b",
            "a = ",
            "x.y = 1",
            "a IS NULL",
            "a IN (1, 2)",
            "a NOT IN ('x', 'y')",
            "date '2020-01-01' < d",
            "BINARY a = 'x'",
            "CAST(a AS SIGNED) = 1",
            "a AND b",
            "- a >= 0",
            "@a = 1",
            "1a = 2",
            "a LIKE 'x%' ESCAPE '!'",
            "json_valid(`a`)",
            "`a` REGEXP '^x'",
        ];
        for text in texts {
            assert_eq!(expr(&ours, text, 50), expr(&theirs, text, 50), "{text}");
            let tokens = |d: &dyn Dialect| Tokenizer::new(d, text).tokenize_with_location();
            assert_eq!(tokens(&ours), tokens(&theirs), "{text}");
        }
        let statements = [
            "CREATE TABLE `t` (`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, \
             `a` INT DEFAULT 0 CHECK (`a` >= 0), `b` VARCHAR(255) DEFAULT 'x', \
             `c` DATETIME DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, \
             `d` INT UNSIGNED ZEROFILL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
            "CREATE INDEX `idx_t_a` ON `t` (`a`, `b`(10))",
            "ALTER TABLE `t` ADD CONSTRAINT `fk` FOREIGN KEY (`a`) REFERENCES `u` (`id`) \
             ON DELETE SET NULL, ALGORITHM=INSTANT",
            "ALTER TABLE `t` MODIFY COLUMN `a` INT NOT NULL AFTER `b`",
            "SELECT 1 FROM information_schema.table_constraints WHERE constraint_name = 'fk' \
             AND table_schema = DATABASE() LIMIT 1, 2",
            "SET @x = (SELECT COUNT(*) FROM t WHERE a = 1); SET NAMES utf8mb4",
            "LOCK TABLES t READ; UNLOCK TABLES",
            "INSERT INTO t SET a = 1",
            "UPDATE t SET a = 1 ORDER BY b LIMIT 3",
            "SELECT * FROM t USE INDEX (i) WHERE a = 1 # note",
        ];
        for text in statements {
            let parse = |d: &dyn Dialect| {
                Parser::parse_sql(d, text)
                    .map(|s| format!("{s:?}"))
                    .map_err(|e| e.to_string())
            };
            assert_eq!(parse(&ours), parse(&theirs), "{text}");
        }
        // Nested to the limit and one past it: the same outcome with either dialect.
        for depth in 1..40 {
            let text = format!("{}a = 1{}", "(".repeat(depth), ")".repeat(depth));
            assert_eq!(expr(&ours, &text, 24), expr(&theirs, &text, 24), "{text}");
        }
    }
}
