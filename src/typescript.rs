//! TypeScript types per table: a row interface (singular PascalCase), an `…Insert` interface
//! (generated columns omitted, nullable or defaulted columns optional) and an `…Update`
//! interface (every column optional), with JSDoc. The output compiles under `tsc --strict`.

use crate::dialect::{comment_text, Dialect, TextComparison};
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::spec::*;
use serde::Serialize;
use std::collections::HashSet;

/// The types of one table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableTypes {
    /// The table.
    pub table: String,
    /// The row interface's name (`User` for `users`).
    pub interface_name: String,
    /// The three interfaces, as TypeScript source.
    pub source: String,
}

/// Names TypeScript or Node already give a meaning to; a table named so gets a `Row` suffix
/// (`records` → `RecordRow`, `picks` → `PickRow`). Every global type and value TypeScript's ES
/// libraries (es5 to esnext, decorators) declare with a capital letter, Node's `Buffer`, and
/// `Database`, which index.d.ts declares. A table's interface named like a global shadows it in
/// every file that imports it: index.d.ts imports every table's interfaces and uses `Pick` and
/// `Exclude`, and a table file uses `Buffer` and `Record`. (DOM and Node's web globals, such
/// as `Event` or `File`, are left out: no generated file uses them.) Sorted, for binary search.
const TAKEN: &[&str] = &[
    "AggregateError",
    "AggregateErrorConstructor",
    "Array",
    "ArrayBuffer",
    "ArrayBufferConstructor",
    "ArrayBufferLike",
    "ArrayBufferTypes",
    "ArrayBufferView",
    "ArrayConstructor",
    "ArrayIterator",
    "ArrayLike",
    "AsyncDisposable",
    "AsyncDisposableStack",
    "AsyncDisposableStackConstructor",
    "AsyncGenerator",
    "AsyncGeneratorFunction",
    "AsyncGeneratorFunctionConstructor",
    "AsyncIterable",
    "AsyncIterableIterator",
    "AsyncIterator",
    "AsyncIteratorObject",
    "Atomics",
    "Awaited",
    "BigInt",
    "BigInt64Array",
    "BigInt64ArrayConstructor",
    "BigIntConstructor",
    "BigIntToLocaleStringOptions",
    "BigUint64Array",
    "BigUint64ArrayConstructor",
    "Boolean",
    "BooleanConstructor",
    "Buffer",
    "BuiltinIteratorReturn",
    "CallableFunction",
    "Capitalize",
    "ClassAccessorDecoratorContext",
    "ClassAccessorDecoratorResult",
    "ClassAccessorDecoratorTarget",
    "ClassDecorator",
    "ClassDecoratorContext",
    "ClassFieldDecoratorContext",
    "ClassGetterDecoratorContext",
    "ClassMemberDecoratorContext",
    "ClassMethodDecoratorContext",
    "ClassSetterDecoratorContext",
    "ConcatArray",
    "ConstructorParameters",
    "DataView",
    "DataViewConstructor",
    "Database",
    "Date",
    "DateConstructor",
    "DecoratorContext",
    "DecoratorMetadata",
    "DecoratorMetadataObject",
    "Disposable",
    "DisposableStack",
    "DisposableStackConstructor",
    "Error",
    "ErrorConstructor",
    "ErrorOptions",
    "EvalError",
    "EvalErrorConstructor",
    "Exclude",
    "Extract",
    "FinalizationRegistry",
    "FinalizationRegistryConstructor",
    "FlatArray",
    "Float16Array",
    "Float16ArrayConstructor",
    "Float32Array",
    "Float32ArrayConstructor",
    "Float64Array",
    "Float64ArrayConstructor",
    "Function",
    "FunctionConstructor",
    "Generator",
    "GeneratorFunction",
    "GeneratorFunctionConstructor",
    "IArguments",
    "ImportAssertions",
    "ImportAttributes",
    "ImportCallOptions",
    "ImportMeta",
    "Infinity",
    "InstanceType",
    "Int16Array",
    "Int16ArrayConstructor",
    "Int32Array",
    "Int32ArrayConstructor",
    "Int8Array",
    "Int8ArrayConstructor",
    "Intl",
    "Iterable",
    "IterableIterator",
    "Iterator",
    "IteratorObject",
    "IteratorObjectConstructor",
    "IteratorResult",
    "IteratorReturnResult",
    "IteratorYieldResult",
    "JSON",
    "Lowercase",
    "Map",
    "MapConstructor",
    "MapIterator",
    "Math",
    "MethodDecorator",
    "NaN",
    "NewableFunction",
    "NoInfer",
    "NonNullable",
    "Number",
    "NumberConstructor",
    "Object",
    "ObjectConstructor",
    "Omit",
    "OmitThisParameter",
    "ParameterDecorator",
    "Parameters",
    "Partial",
    "Pick",
    "Promise",
    "PromiseConstructor",
    "PromiseConstructorLike",
    "PromiseFulfilledResult",
    "PromiseLike",
    "PromiseRejectedResult",
    "PromiseSettledResult",
    "PromiseWithResolvers",
    "PropertyDecorator",
    "PropertyDescriptor",
    "PropertyDescriptorMap",
    "PropertyKey",
    "Proxy",
    "ProxyConstructor",
    "ProxyHandler",
    "RangeError",
    "RangeErrorConstructor",
    "Readonly",
    "ReadonlyArray",
    "ReadonlyMap",
    "ReadonlySet",
    "ReadonlySetLike",
    "Record",
    "ReferenceError",
    "ReferenceErrorConstructor",
    "Reflect",
    "RegExp",
    "RegExpConstructor",
    "RegExpExecArray",
    "RegExpIndicesArray",
    "RegExpMatchArray",
    "RegExpStringIterator",
    "Required",
    "ReturnType",
    "Set",
    "SetConstructor",
    "SetIterator",
    "SharedArrayBuffer",
    "SharedArrayBufferConstructor",
    "String",
    "StringConstructor",
    "StringIterator",
    "SuppressedError",
    "SuppressedErrorConstructor",
    "Symbol",
    "SymbolConstructor",
    "SyntaxError",
    "SyntaxErrorConstructor",
    "TemplateStringsArray",
    "ThisParameterType",
    "ThisType",
    "TypeError",
    "TypeErrorConstructor",
    "TypedPropertyDescriptor",
    "URIError",
    "URIErrorConstructor",
    "Uint16Array",
    "Uint16ArrayConstructor",
    "Uint32Array",
    "Uint32ArrayConstructor",
    "Uint8Array",
    "Uint8ArrayConstructor",
    "Uint8ClampedArray",
    "Uint8ClampedArrayConstructor",
    "Uncapitalize",
    "Uppercase",
    "WeakKey",
    "WeakKeyTypes",
    "WeakMap",
    "WeakMapConstructor",
    "WeakRef",
    "WeakRefConstructor",
    "WeakSet",
    "WeakSetConstructor",
];

/// `order_items` → `OrderItem`, `categories` → `Category`, `users` → `User`; with a `Row`
/// suffix when that is a global TypeScript or Node name (`records` → `RecordRow`) or ends in
/// `Insert` or `Update` (`user_inserts` → `UserInsertRow`), or is one of those followed by
/// `Row`s (`record_rows` → `RecordRowRow`): the name depends on the table's name alone, and two
/// table names never give the same one (singular and plural aside: `user`, `users`).
pub fn interface_name(table: &str) -> String {
    let words: Vec<&str> = table.split('_').filter(|w| !w.is_empty()).collect();
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        let w = if i + 1 == words.len() {
            singular(w)
        } else {
            (*w).to_string()
        };
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    // A global's name, or one ending like another table's insert or update interface
    // (`user_inserts` would be `UserInsert`, the insert interface of `users`), gets `Row`; and
    // so does every name that is one of those followed by `Row`s (`user_insert_rows` is
    // `UserInsertRowRow`, not `user_inserts`'s `UserInsertRow`). So no two table names give
    // one interface name, whatever other tables a spec or the types folder holds.
    let mut stem = out.as_str();
    while let Some(shorter) = stem.strip_suffix("Row") {
        stem = shorter;
    }
    if TAKEN.binary_search(&stem).is_ok() || stem.ends_with("Insert") || stem.ends_with("Update") {
        out.push_str("Row");
    }
    out
}

/// Plurals no suffix rule gets right, with their singulars: irregular plurals, Latin and Greek
/// ones, words the same in both numbers, words that end in `s` in the singular, and the
/// exceptions to the rules of `singular` (nouns ending in `-ie`, `-oe`, `-use`, `-ache`, `-f`).
const IRREGULAR: &[(&str, &str)] = &[
    // Irregular plurals.
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("oxen", "ox"),
    ("quizzes", "quiz"),
    // Latin and Greek plurals.
    ("data", "data"),
    ("media", "media"),
    ("criteria", "criterion"),
    ("phenomena", "phenomenon"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("vertices", "vertex"),
    ("vortices", "vortex"),
    ("appendices", "appendix"),
    ("axes", "axis"),
    ("theses", "thesis"),
    ("hypotheses", "hypothesis"),
    ("parentheses", "parenthesis"),
    ("syntheses", "synthesis"),
    ("crises", "crisis"),
    ("diagnoses", "diagnosis"),
    ("prognoses", "prognosis"),
    ("synopses", "synopsis"),
    ("ellipses", "ellipsis"),
    ("oases", "oasis"),
    ("cacti", "cactus"),
    ("fungi", "fungus"),
    ("nuclei", "nucleus"),
    ("radii", "radius"),
    ("stimuli", "stimulus"),
    ("syllabi", "syllabus"),
    ("alumni", "alumnus"),
    // Plurals of two-letter words (other words of three letters keep their `s`: `sms`, `gps`).
    ("ids", "id"),
    ("ads", "ad"),
    // Nouns used only in the plural.
    ("goods", "goods"),
    ("pants", "pants"),
    ("scissors", "scissors"),
    ("trousers", "trousers"),
    ("jeans", "jeans"),
    ("shorts", "shorts"),
    ("pajamas", "pajamas"),
    ("pyjamas", "pyjamas"),
    ("clothes", "clothes"),
    ("pliers", "pliers"),
    ("tweezers", "tweezers"),
    ("binoculars", "binoculars"),
    ("belongings", "belongings"),
    ("surroundings", "surroundings"),
    ("premises", "premises"),
    ("outskirts", "outskirts"),
    ("earnings", "earnings"),
    ("savings", "savings"),
    // `-ics` of nouns ending in `-ic` (the rule keeps `-ics`: `physics`, `analytics`).
    ("topics", "topic"),
    ("subtopics", "subtopic"),
    ("metrics", "metric"),
    ("clinics", "clinic"),
    ("comics", "comic"),
    ("lyrics", "lyric"),
    ("critics", "critic"),
    ("relics", "relic"),
    ("epics", "epic"),
    ("fabrics", "fabric"),
    ("mosaics", "mosaic"),
    ("picnics", "picnic"),
    ("tunics", "tunic"),
    ("rubrics", "rubric"),
    ("tactics", "tactic"),
    ("characteristics", "characteristic"),
    ("heuristics", "heuristic"),
    ("cosmetics", "cosmetic"),
    ("republics", "republic"),
    ("attics", "attic"),
    ("clerics", "cleric"),
    ("medics", "medic"),
    ("paramedics", "paramedic"),
    ("tonics", "tonic"),
    ("mimics", "mimic"),
    ("generics", "generic"),
    // The same in both numbers, or singular words ending in `s`.
    ("series", "series"),
    ("species", "species"),
    ("news", "news"),
    ("means", "means"),
    ("headquarters", "headquarters"),
    ("aircraft", "aircraft"),
    ("sheep", "sheep"),
    ("fish", "fish"),
    ("deer", "deer"),
    ("gas", "gas"),
    ("alias", "alias"),
    ("atlas", "atlas"),
    ("bias", "bias"),
    ("canvas", "canvas"),
    ("lens", "lens"),
    ("chaos", "chaos"),
    ("kudos", "kudos"),
    ("ethos", "ethos"),
    ("gases", "gas"),
    ("aliases", "alias"),
    ("biases", "bias"),
    ("atlases", "atlas"),
    ("canvases", "canvas"),
    ("lenses", "lens"),
    // `-ies` of nouns ending in `-ie` (the rule makes `-y`).
    ("movies", "movie"),
    ("cookies", "cookie"),
    ("calories", "calorie"),
    ("zombies", "zombie"),
    ("rookies", "rookie"),
    ("brownies", "brownie"),
    ("selfies", "selfie"),
    ("goalies", "goalie"),
    ("hoodies", "hoodie"),
    ("genies", "genie"),
    ("prairies", "prairie"),
    ("sorties", "sortie"),
    ("aunties", "auntie"),
    ("birdies", "birdie"),
    ("newbies", "newbie"),
    ("freebies", "freebie"),
    ("smoothies", "smoothie"),
    ("veggies", "veggie"),
    ("foodies", "foodie"),
    ("magpies", "magpie"),
    ("neckties", "necktie"),
    ("hippies", "hippie"),
    ("bookies", "bookie"),
    ("techies", "techie"),
    ("lingeries", "lingerie"),
    // `-oes` of nouns ending in `-oe` (the rule makes `-o`).
    ("canoes", "canoe"),
    ("oboes", "oboe"),
    ("aloes", "aloe"),
    ("floes", "floe"),
    ("sloes", "sloe"),
    ("tiptoes", "tiptoe"),
    // `-uses` of nouns ending in `-use` (the rule makes `-us`).
    ("uses", "use"),
    ("abuses", "abuse"),
    ("misuses", "misuse"),
    ("excuses", "excuse"),
    ("fuses", "fuse"),
    ("muses", "muse"),
    ("ruses", "ruse"),
    ("recluses", "recluse"),
    // `-us` and `-is` of nouns ending in `-u`, `-i` (the rule keeps `-us`, `-is`: `status`, `axis`).
    ("menus", "menu"),
    ("gurus", "guru"),
    ("emus", "emu"),
    ("haikus", "haiku"),
    ("tofus", "tofu"),
    ("emojis", "emoji"),
    ("taxis", "taxi"),
    ("wikis", "wiki"),
    ("kiwis", "kiwi"),
    ("skis", "ski"),
    ("alibis", "alibi"),
    ("safaris", "safari"),
    ("bikinis", "bikini"),
    // `-ches` of nouns ending in `-che` (the rule makes `-ch`).
    ("niches", "niche"),
    ("cliches", "cliche"),
    ("quiches", "quiche"),
    ("psyches", "psyche"),
    // `-ves` of nouns ending in `-f` or `-fe` (the rule makes `-ve`).
    ("leaves", "leaf"),
    ("wolves", "wolf"),
    ("knives", "knife"),
    ("lives", "life"),
    ("wives", "wife"),
    ("shelves", "shelf"),
    ("halves", "half"),
    ("calves", "calf"),
    ("thieves", "thief"),
    ("loaves", "loaf"),
    ("selves", "self"),
    ("elves", "elf"),
    ("scarves", "scarf"),
    ("wharves", "wharf"),
];

/// Singular words of four letters ending in `is` or `us`, which `singular` keeps; other such
/// words are plurals of words of three letters (`apis`, `cpus`).
const FOUR_LETTER_SINGULARS: &[&str] = &[
    "anus", "axis", "dais", "ibis", "iris", "kris", "nous", "onus", "opus", "plus", "this", "thus",
    "zeus",
];

/// English singular of a (lowercase) plural word: the words of `IRREGULAR`, then the regular
/// forms, most specific suffix first:
/// - `-ies` → `-y` (`categories`, `companies`), but `-ie` for a one-letter stem (`pies`, `ties`);
/// - `-lyses` → `-lysis` (`analyses`);
/// - `-ouses`, `-auses` → `-ouse`, `-ause` (`houses`, `causes`), other `-uses` → `-us`
///   (`statuses`, `buses`, `campuses`, `viruses`);
/// - `-oes` → `-o` (`heroes`, `potatoes`), but `-oe` for a one-letter stem and for `-shoes`
///   (`toes`, `shoes`);
/// - `-aches` after a consonant → `-ache` (`caches`, `headaches`; `beaches`, `coaches` follow
///   the next rule);
/// - `-sses`, `-shes`, `-ches`, `-xes`, `-zzes`, `-tzes` → without `es` (`addresses`, `boxes`,
///   `buzzes`, `waltzes`); other `-zes` lose only the `s` (`sizes`, `prizes`);
/// - a word ending in `-ics` is a singular noun (`physics`, `analytics`, `mathematics`; the
///   plurals of nouns in `-ic`, `topics`, `metrics`, are in `IRREGULAR`);
/// - a word of four letters ending in `is` or `us` is the plural of a word of three, mostly an
///   abbreviation (`apis`, `kpis`, `uris`, `cpus`, `skus`), but for the words of
///   `FOUR_LETTER_SINGULARS` (`axis`, `iris`, `plus`);
/// - a word ending in `ss`, `us` or `is`, or of three letters or fewer, is already singular
///   (mostly abbreviations: `sms`, `gps`, `dns`, `ios`; `ids` and `ads` are in `IRREGULAR`);
/// - otherwise a final `s` goes (`users`, `courses`, `movies` aside).
fn singular(word: &str) -> String {
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == word) {
        return (*s).to_string();
    }
    let drop = |n: usize| word[..word.len() - n].to_string();
    if let Some(stem) = word.strip_suffix("ies") {
        return match stem.len() {
            0 => word.to_string(),
            1 => drop(1),
            _ => format!("{stem}y"),
        };
    }
    if let Some(stem) = word.strip_suffix("lyses") {
        return format!("{stem}lysis");
    }
    if word.ends_with("ouses") || word.ends_with("auses") {
        return drop(1);
    }
    if word.ends_with("uses") && word.len() > 4 {
        return drop(2);
    }
    if let Some(stem) = word.strip_suffix("oes") {
        return if stem.len() <= 1 || stem.ends_with("sh") {
            drop(1)
        } else {
            drop(2)
        };
    }
    if let Some(stem) = word.strip_suffix("aches") {
        if stem.ends_with(|c: char| !"aeiou".contains(c)) || stem.is_empty() {
            return drop(1);
        }
    }
    for suffix in ["sses", "shes", "ches", "xes", "zzes", "tzes"] {
        if word.ends_with(suffix) {
            return drop(2);
        }
    }
    if word.ends_with("ics") {
        return word.to_string();
    }
    if word.len() == 4
        && (word.ends_with("is") || word.ends_with("us"))
        && !FOUR_LETTER_SINGULARS.contains(&word)
    {
        return drop(1);
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") || word.len() <= 3 {
        return word.to_string();
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

/// The TypeScript type of a column's values (without `| null`).
pub fn ts_type(ty: ColumnType) -> &'static str {
    use ColumnType::*;
    match ty {
        Text | Varchar | Char | Uuid | Timestamp | Datetime | Date => "string",
        Integer | Int | Bigint | Tinyint | Real | Numeric | Decimal => "number",
        Boolean => "boolean",
        Blob => "Buffer",
        Json | Jsonb => "Record<string, unknown>",
    }
}

/// The TypeScript type of a row's value in a column (without `| null`), as the dialect's drivers
/// give it: the specification's map ([`ts_type`]), except on SQLite, which has no boolean and
/// no JSON type. SQLite stores a BOOLEAN as 0 or 1 and JSON as TEXT, and every SQLite driver
/// (better-sqlite3, `node:sqlite`, sql.js, sqlite3) returns what is stored, with no setting
/// that converts; so they are `number` and `string` there, which `row.active === 1` and
/// `JSON.parse(row.payload)` compile against.
///
/// A JSON column's row on PostgreSQL and MySQL is any JSON value ([`JSON_VALUE`]): pg and
/// mysql2 parse it, and an array (a `'[]'` default), a number, a string or JSON `null` (in a
/// NOT NULL column too) come back as that, which `Record<string, unknown>` said they were not.
/// A BLOB's row on SQLite is a `Uint8Array`: sql.js and `node:sqlite` return one, and
/// better-sqlite3's `Buffer` is one.
pub fn row_ts_type(d: &dyn Dialect, ty: ColumnType) -> &'static str {
    match (d.database_type(), ty) {
        (DatabaseType::Sqlite, ColumnType::Boolean) => "number",
        (DatabaseType::Sqlite, ColumnType::Json | ColumnType::Jsonb) => "string",
        (DatabaseType::Sqlite, ColumnType::Blob) => "Uint8Array",
        (_, ColumnType::Json | ColumnType::Jsonb) => JSON_VALUE,
        _ => ts_type(ty),
    }
}

/// The TypeScript type of any JSON value, as a row of a PostgreSQL or MySQL JSON column holds.
pub const JSON_VALUE: &str =
    "string | number | boolean | null | unknown[] | { [key: string]: unknown }";

/// The TypeScript type an insert or update takes for a column (without `| null`): the row's
/// type ([`row_ts_type`]; SQLite drivers could not take more: better-sqlite3 and `node:sqlite`
/// refuse to bind a boolean, "SQLite3 can only bind numbers, strings, bigints, buffers, and
/// null", and no SQLite driver binds an object), except a MySQL JSON column's, which takes the
/// JSON text: mysql2 does not serialise an object it is given (a placeholder expands it to
/// `key = value` pairs, and Kysely's values reach the server as '[object Object]'), so
/// `JSON.stringify(value)` is what it can write.
///
/// A PostgreSQL JSON column takes an object, which pg serialises, or JSON text (an array pg
/// would send as a PostgreSQL array literal, which the column refuses: `JSON.stringify` that,
/// as the README says, which the type had refused — a user trial); a SQLite BLOB
/// takes a `Uint8Array`, as every SQLite driver binds one (a `Buffer` is one), so SQLite's
/// types need no Node types.
///
/// A TIMESTAMP, DATETIME or DATE column on PostgreSQL and MySQL takes the text or a `Date`,
/// which pg and mysql2 both bind (`set({ last_login_at: new Date() })` did not compile: a user
/// trial); its row stays text, as `pgTypes` and `mysql2Options` return it. SQLite's takes text
/// only: better-sqlite3 and `node:sqlite` refuse to bind a `Date`, sql.js throws "Wrong API use".
pub fn input_ts_type(d: &dyn Dialect, ty: ColumnType) -> &'static str {
    match (d.database_type(), ty) {
        (DatabaseType::Mysql, ColumnType::Json | ColumnType::Jsonb) => "string",
        (DatabaseType::Postgresql, ColumnType::Json | ColumnType::Jsonb) => {
            "Record<string, unknown> | string"
        }
        (
            DatabaseType::Postgresql | DatabaseType::Mysql,
            ColumnType::Timestamp | ColumnType::Datetime | ColumnType::Date,
        ) => "string | Date",
        _ => row_ts_type(d, ty),
    }
}

/// Text inside a JSDoc comment: one line, and no `*/` that would close it.
fn jsdoc_text(text: &str) -> String {
    comment_text(text).replace("*/", "* /")
}

/// Whether the database fills the column on insert, so the insert type leaves it out.
fn is_generated(c: &Column) -> bool {
    c.auto_increment || c.auto_timestamp
}

/// Whether an insert may leave the column out (the database supplies NULL, a default or a key).
/// A rowid that is also a foreign key (`user_id INTEGER PRIMARY KEY REFERENCES users`) takes its
/// value from the parent: SQLite would fill it with a key that may name some other parent row.
fn is_optional_on_insert(
    d: &dyn Dialect,
    t: &Table,
    c: &Column,
    existing: Option<&ExistingTable>,
) -> bool {
    c.nullable
        || c.default.is_some()
        || (is_sqlite_rowid(d, t, c, existing) && t.foreign_key_of(&c.name).is_none())
}

/// Whether the column is SQLite's rowid once the migration has run, which SQLite fills on
/// insert: the whole primary key, declared exactly `INTEGER` (ASCII case aside). `INT`,
/// `BIGINT` or `UNSIGNED BIG INT PRIMARY KEY` is an ordinary column that takes NULL. The type
/// is the one the table is declared with when it exists and keeps the column's type (so a
/// pulled `INT PRIMARY KEY`, whose spec type `INT` would be written `INTEGER` in a new table,
/// stays an ordinary column), otherwise the spec type's spelling.
fn is_sqlite_rowid(
    d: &dyn Dialect,
    t: &Table,
    c: &Column,
    existing: Option<&ExistingTable>,
) -> bool {
    if d.database_type() != DatabaseType::Sqlite
        || t.primary_key.len() != 1
        || t.primary_key[0] != c.name
    {
        return false;
    }
    // A key the table already has, unchanged, is the rowid exactly when introspection found
    // it to be (not so for `INTEGER PRIMARY KEY DESC`, which SQLite keeps in an index).
    if let Some(e) = existing.filter(|e| crate::diff::declared_type_after(e, c).is_some()) {
        if let [k] = e.table.primary_key.as_slice() {
            if k.eq_ignore_ascii_case(&c.name) {
                return e.table.column(k).is_some_and(|x| x.auto_increment);
            }
        }
    }
    match declared_in_database(t, c, existing) {
        Some(ty) => ty.eq_ignore_ascii_case("INTEGER"),
        None => d.column_type(c, true) == "INTEGER",
    }
}

/// The type a SQLite table already in the database (`existingDbPath`) declares `c` with once
/// the migration has run, when the column keeps it (an ALTER or a rebuild leaves it so: a
/// pulled `JSON` column stays declared `JSON`); `None` when the column gets the spec type's
/// usual spelling.
fn declared_in_database<'a>(
    t: &'a Table,
    c: &Column,
    existing: Option<&'a ExistingTable>,
) -> Option<&'a str> {
    t.declared_type(c)
        .or_else(|| existing.and_then(|e| crate::diff::declared_type_after(e, c)))
}

/// The row type of a SQLite column whose row is text by the spec's type but whose declared
/// type converts text to numbers: NUMERIC affinity (`JSON`, `JSONB`, `UUID`, `DATETIME`, any
/// type SQLite's rules give no other affinity: Knex's `table.json()` declares `json`), or
/// INTEGER or REAL. SQLite stores number-looking text ('123', '1.5', '1e3') there as a number,
/// which every driver returns as one; the columns this tool creates are declared `TEXT`.
const TEXT_OR_NUMBER: &str = "string | number";

/// The types of every table, in the order given. A table's three interfaces (`Name`,
/// `NameInsert`, `NameUpdate`) must all be free: `users` and `user_inserts` would otherwise
/// both declare `UserInsert`, which TypeScript merges (or refuses when the members differ).
/// Names go first to the tables the database already has under their name, in its order
/// (`already`: the place of each in previousSpec or the database), so that of two tables that
/// would share a name, the one an earlier migration named keeps it whatever the spec's order:
/// `users`, named `User`, stays `User` when a new `user` comes before it (a user trial's `User`
/// went to the new table, the code importing it none the wiser); then the others, in order. `existing` is the database the migration runs on (`existingDbPath`), if any:
/// what its tables already are decides which keys SQLite fills.
pub fn generate(
    d: &dyn Dialect,
    tables: &[&Table],
    already: &dyn Fn(&Table) -> Option<usize>,
    migration: &str,
    existing: Option<&ExistingSchema>,
) -> Vec<TableTypes> {
    let mut used: HashSet<String> = HashSet::new();
    let mut names: Vec<Option<String>> = vec![None; tables.len()];
    let mut order: Vec<(Option<usize>, usize)> =
        (0..tables.len()).map(|i| (already(tables[i]), i)).collect();
    // Those the database has by their place there, before the others (None sorts first).
    order.sort_by_key(|&(place, i)| (place.is_none(), place, i));
    for (_, i) in order {
        let table = &tables[i].name;
        let mut name = interface_name(table);
        let free = |name: &str| {
            ["", "Insert", "Update"]
                .iter()
                .all(|suffix| !used.contains(&format!("{name}{suffix}")))
        };
        if !free(&name) {
            name = format!("{}Table", interface_name(table));
            while !free(&name) {
                name.push('_');
            }
        }
        for suffix in ["", "Insert", "Update"] {
            used.insert(format!("{name}{suffix}"));
        }
        names[i] = Some(name);
    }
    tables
        .iter()
        .zip(names)
        .map(|(t, name)| {
            let name = name.unwrap_or_default();
            TableTypes {
                table: t.name.clone(),
                source: table_source(
                    d,
                    t,
                    &name,
                    migration,
                    existing.and_then(|e| e.table(&t.name)),
                ),
                interface_name: name,
            }
        })
        .collect()
}

fn table_source(
    d: &dyn Dialect,
    t: &Table,
    name: &str,
    migration: &str,
    existing: Option<&ExistingTable>,
) -> String {
    let mut s = String::with_capacity(256 + t.columns.len() * 96);
    let title = t
        .description
        .as_deref()
        .map(jsdoc_text)
        .filter(|x| !x.is_empty());
    s.push_str("/**\n");
    s.push_str(&format!(
        " * {} table row{}\n",
        t.name,
        title.as_ref().map(|x| format!(": {x}")).unwrap_or_default()
    ));
    s.push_str(&format!(" * Generated from migration: {migration}\n */\n"));
    s.push_str(&format!("export interface {name} {{\n"));
    let choices = StringChoices::of(d, t, existing);
    for c in &t.columns {
        push_doc(&mut s, d, c, &choices);
        let ty = choices.row(c).unwrap_or_else(|| {
            if choices.converting(c).is_some() {
                TEXT_OR_NUMBER.into()
            } else {
                row_ts_type(d, c.ty).into()
            }
        });
        // A JSON value's type has null in it already.
        let null = if c.nullable && ty != JSON_VALUE {
            " | null"
        } else {
            ""
        };
        s.push_str(&format!("  {}: {ty}{null};\n", c.name));
    }
    s.push_str("}\n\n");
    s.push_str(&format!("/**\n * {} table insert input (omits generated columns; nullable or defaulted columns are optional)\n */\n", t.name));
    s.push_str(&format!("export interface {name}Insert {{\n"));
    for c in t.columns.iter().filter(|c| !is_generated(c)) {
        let opt = if is_optional_on_insert(d, t, c, existing) {
            "?"
        } else {
            ""
        };
        let null = if c.nullable { " | null" } else { "" };
        push_input_doc(&mut s, d, c);
        let ty = choices
            .input(c)
            .unwrap_or_else(|| input_ts_type(d, c.ty).into());
        s.push_str(&format!("  {}{opt}: {ty}{null};\n", c.name));
    }
    s.push_str("}\n\n");
    s.push_str(&format!(
        "/**\n * {} table update input (every column optional)\n */\n",
        t.name
    ));
    s.push_str(&format!("export interface {name}Update {{\n"));
    for c in &t.columns {
        let null = if c.nullable { " | null" } else { "" };
        push_input_doc(&mut s, d, c);
        let ty = choices
            .input(c)
            .unwrap_or_else(|| input_ts_type(d, c.ty).into());
        s.push_str(&format!("  {}?: {ty}{null};\n", c.name));
    }
    s.push_str("}\n");
    s
}

/// The strings a table's CHECKs restrict its text columns to, as TypeScript unions
/// (`"draft" | "sent"`; see [`crate::check_choices`]).
struct StringChoices<'a> {
    dialect: &'a dyn Dialect,
    table: &'a Table,
    found: Vec<crate::check_choices::Choices>,
    /// The table's key columns, gathered once for all its columns.
    keys: crate::spec::KeyColumns<'a>,
    /// The SQLite table the migration changes, when it is already in the database.
    existing: Option<&'a ExistingTable>,
}

impl<'a> StringChoices<'a> {
    fn of(dialect: &'a dyn Dialect, table: &'a Table, existing: Option<&'a ExistingTable>) -> Self {
        Self {
            dialect,
            table,
            found: crate::check_choices::of_checks(dialect.parser(), &table.check_constraints),
            keys: table.key_columns(),
            existing,
        }
    }

    /// The union an insert or update takes for `c`: a text column's CHECK strings.
    fn input(&self, c: &Column) -> Option<String> {
        if !matches!(
            c.ty,
            ColumnType::Text | ColumnType::Varchar | ColumnType::Char
        ) {
            return None;
        }
        let strings = crate::check_choices::for_column(&self.found, &c.name)?;
        if strings.is_empty() {
            return None;
        }
        // A string longer than the column holds is never stored as written by PostgreSQL and
        // MySQL, whatever the CHECK says (validation warns, LOSSY_TYPE_MAPPING): when none
        // fits, no string does.
        let max = self.max_chars(c);
        let fitting: Vec<String> = strings
            .iter()
            .filter(|x| crate::check_choices::fits(x, max))
            .map(|x| serde_json::to_string(x).unwrap_or_default())
            .collect();
        Some(if fitting.is_empty() {
            "never".to_string()
        } else {
            fitting.join(" | ")
        })
    }

    /// The CHECK's strings for `c` that the column cannot store (longer than its length).
    fn too_long(&self, c: &Column) -> Vec<&str> {
        let max = self.max_chars(c);
        crate::check_choices::for_column(&self.found, &c.name)
            .unwrap_or_default()
            .iter()
            .filter(|x| !crate::check_choices::fits(x, max))
            .map(String::as_str)
            .collect()
    }

    fn max_chars(&self, c: &Column) -> Option<u32> {
        self.dialect.max_text_chars(c, self.keys.contains(&c.name))
    }

    /// The union a row holds for `c`, where the database gives back only the CHECK's strings:
    /// it compares exactly, and a column of a table already in the SQLite database has TEXT
    /// affinity (a NUMERIC one turns '1' into 1, which `IN ('1')` still passes) and no COLLATE
    /// clause in the table (`COLLATE NOCASE` passes 'DRAFT'). Its rows passed the CHECK: SQLite
    /// checks every row written, and a rebuild writes every row again.
    fn row(&self, c: &Column) -> Option<String> {
        if self.dialect.text_comparison(c.ty) != TextComparison::Exact
            || !self.plain_text_in_database(c)
        {
            return None;
        }
        self.input(c)
    }

    fn plain_text_in_database(&self, c: &Column) -> bool {
        self.declared(c)
            .is_none_or(|ty| crate::diff::affinity(ty) == "TEXT")
            && self.existing.is_none_or(|e| !e.has_collate())
    }

    /// The type the SQLite table in the database declares `c` with (see
    /// [`declared_in_database`]).
    fn declared(&self, c: &Column) -> Option<&'a str> {
        if self.dialect.database_type() != DatabaseType::Sqlite {
            return None;
        }
        declared_in_database(self.table, c, self.existing)
    }

    /// The declared type of `c` and its affinity, when a row's text would be `string` but the
    /// affinity turns number-looking text into numbers (see [`TEXT_OR_NUMBER`]).
    fn converting(&self, c: &Column) -> Option<(&'a str, &'static str)> {
        if row_ts_type(self.dialect, c.ty) != "string" {
            return None;
        }
        let declared = self.declared(c)?;
        let affinity = crate::diff::affinity(declared);
        matches!(affinity, "NUMERIC" | "INTEGER" | "REAL").then_some((declared, affinity))
    }
}

/// The comment of an insert or update field whose type differs from the row's.
fn push_input_doc(s: &mut String, d: &dyn Dialect, c: &Column) {
    if input_ts_type(d, c.ty) == "string" && row_ts_type(d, c.ty) == JSON_VALUE {
        s.push_str(
            "  /** JSON text: JSON.stringify(value) (mysql2 does not serialise objects) */\n",
        );
    }
}

/// What a SQLite row's value is where the specification's map says otherwise.
fn sqlite_value_note(d: &dyn Dialect, ty: ColumnType) -> Option<&'static str> {
    if d.database_type() != DatabaseType::Sqlite || row_ts_type(d, ty) == ts_type(ty) {
        return None;
    }
    Some(if ty == ColumnType::Boolean {
        " (0 or 1: SQLite has no boolean type, and its drivers neither return nor bind booleans)"
    } else if ty == ColumnType::Blob {
        " (a Uint8Array: sql.js and node:sqlite return one, better-sqlite3 a Buffer, which is one too; each binds one)"
    } else {
        " (JSON text: JSON.parse it, JSON.stringify a value; SQLite has no JSON type, and its drivers neither return nor bind objects)"
    })
}

fn push_doc(s: &mut String, d: &dyn Dialect, c: &Column, choices: &StringChoices) {
    let sql = if c.auto_increment {
        // A rowid the database declares without AUTOINCREMENT stays so (a migration does not
        // add it): the comment says what the column is.
        let plain = choices.existing.is_some_and(|e| {
            crate::diff::is_existing_rowid(e, &c.name)
                && !e.rebuild_blockers.iter().any(|b| b == "AUTOINCREMENT")
        });
        let sql = d.auto_increment_definition(c);
        if plain {
            sql.replacen(" AUTOINCREMENT", "", 1)
        } else {
            sql
        }
    } else if let Some(declared) = choices.declared(c).filter(|x| !x.trim().is_empty()) {
        // What the table in the database says, not the spec type's spelling (`TEXT` for a
        // column declared `JSON`).
        declared.to_string()
    } else {
        d.column_type(c, choices.keys.contains(&c.name))
    };
    let mut doc = String::new();
    if let Some(desc) = c
        .description
        .as_deref()
        .map(jsdoc_text)
        .filter(|x| !x.is_empty())
    {
        doc.push_str(&desc);
        doc.push_str(" — ");
    }
    doc.push_str(&jsdoc_text(&sql));
    if !c.nullable && !c.auto_increment {
        doc.push_str(" NOT NULL");
    }
    if let Some(note) = sqlite_value_note(d, c.ty) {
        doc.push_str(note);
    }
    if let Some((declared, affinity)) = choices.converting(c) {
        doc.push(' ');
        doc.push_str(&jsdoc_text(&format!(
            "(a number too: SQLite gives a column declared {declared} {affinity} affinity, which stores number-looking text ('123', '1.5', '1e3') as a number, and drivers return that number)"
        )));
    }
    if choices.input(c).is_some() {
        let too_long = choices.too_long(c);
        if !too_long.is_empty() {
            let listed: Vec<String> = too_long
                .iter()
                .map(|x| serde_json::to_string(x).unwrap_or_default())
                .collect();
            doc.push(' ');
            doc.push_str(&jsdoc_text(&format!(
                "(the CHECK also allows {}, longer than the column holds: the database cannot store {})",
                listed.join(", "),
                if too_long.len() == 1 { "it" } else { "them" }
            )));
        }
    }
    if choices.row(c).is_none() && choices.input(c).is_some() {
        doc.push_str(if choices.converting(c).is_some() {
            " (inserts take the CHECK's strings; rows are typed string | number, as the declared type converts text)"
        } else if d.text_comparison(c.ty) == TextComparison::Exact {
            " (inserts take the CHECK's strings; the table in the database has a COLLATE clause or a type that converts, so rows are typed as plain text)"
        } else {
            " (inserts take the CHECK's strings; the database matches them loosely (case, padding), so rows are typed as plain text)"
        });
    }
    s.push_str(&format!("  /** {doc} */\n"));
}

/// Whether a property of the interfaces in `source` has Node's `Buffer` in its type (a line
/// `  name?: Buffer | null`; not a comment that says the word).
fn names_buffer(source: &str) -> bool {
    source.lines().any(|l| {
        l.starts_with("  ")
            && l.split_once(": ").is_some_and(|(name, ty)| {
                (name.trim_start().trim_end_matches('?').chars())
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
                    && ty
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == "Buffer")
            })
    })
}

/// What types generated with no migration to name (NO_CHANGES) say they come from, as the type
/// files `writeTypeFiles` writes for such a result say it (lib/files.js).
pub const NO_MIGRATION: &str = "a spec the database already matched (no migration)";

/// All tables' types in one text, as `typeDefinitions`. With `no_migration` (a NO_CHANGES
/// result, whose empty migration the command line never writes), the header and each
/// interface's comment say [`NO_MIGRATION`] instead of naming `migration`.
pub fn combine(types: &[TableTypes], migration: &str, no_migration: bool) -> String {
    let from = if no_migration {
        NO_MIGRATION
    } else {
        migration
    };
    let header =
        format!("// Generated by migration-generator from {from}. Do not edit by hand.\n\n");
    let mut s = String::with_capacity(
        header.len() + types.iter().map(|t| t.source.len() + 1).sum::<usize>(),
    );
    s.push_str(&header);
    // Node's Buffer (a BLOB on PostgreSQL and MySQL) read as Node's where a tsconfig's `types`
    // leaves Node out, as the table files written say (lib/files.js); a spawner writing this
    // text to a file of its own got "Cannot find name 'Buffer'" (a user trial).
    if types.iter().any(|t| names_buffer(&t.source)) {
        s.push_str("/// <reference types=\"node\" />\n\n");
    }
    for (i, t) in types.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        if no_migration {
            s.push_str(&t.source.replace(
                &format!(" * Generated from migration: {migration}\n"),
                &format!(" * Generated from {NO_MIGRATION}\n"),
            ));
        } else {
            s.push_str(&t.source);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_pascal_case_names() {
        for (table, name) in [
            ("users", "User"),
            ("order_items", "OrderItem"),
            ("categories", "Category"),
            ("addresses", "Address"),
            ("status", "Status"),
            ("people", "Person"),
            ("boxes", "Box"),
            ("audit_log", "AuditLog"),
            ("dates", "DateRow"),
            ("_meta", "Meta"),
            ("sms", "Sms"),
            ("gps", "Gps"),
            ("dns", "Dns"),
            ("ios", "Ios"),
            ("user_sms", "UserSms"),
            ("ids", "Id"),
        ] {
            assert_eq!(interface_name(table), name, "{table}");
        }
    }

    /// Plurals the rules used to get wrong (`movies` → `Movy`, `series` → `Sery`, `statuses` →
    /// `Statuse`, `heroes` → `Heroe`, `indices` → `Indice`, `sizes` → `Siz`), next to the
    /// words of the same shape the rules must keep getting right.
    #[test]
    fn singular_of_irregular_and_tricky_plurals() {
        for (plural, singular_form) in [
            // -ies: -y, or -ie
            ("categories", "category"),
            ("companies", "company"),
            ("entries", "entry"),
            ("replies", "reply"),
            ("spies", "spy"),
            ("movies", "movie"),
            ("cookies", "cookie"),
            ("calories", "calorie"),
            ("pies", "pie"),
            ("ties", "tie"),
            ("lies", "lie"),
            // -ases: -as (`aliases` was `Aliase`), or -ase
            ("aliases", "alias"),
            ("biases", "bias"),
            ("databases", "database"),
            ("purchases", "purchase"),
            ("cases", "case"),
            // invariant
            ("series", "series"),
            ("species", "species"),
            ("news", "news"),
            ("data", "data"),
            ("media", "media"),
            // -uses: -us, or -use
            ("statuses", "status"),
            ("buses", "bus"),
            ("campuses", "campus"),
            ("viruses", "virus"),
            ("bonuses", "bonus"),
            ("houses", "house"),
            ("warehouses", "warehouse"),
            ("causes", "cause"),
            ("clauses", "clause"),
            ("uses", "use"),
            ("excuses", "excuse"),
            ("courses", "course"),
            ("nurses", "nurse"),
            // -oes: -o, or -oe
            ("heroes", "hero"),
            ("potatoes", "potato"),
            ("tomatoes", "tomato"),
            ("echoes", "echo"),
            ("shoes", "shoe"),
            ("horseshoes", "horseshoe"),
            ("toes", "toe"),
            ("canoes", "canoe"),
            ("photos", "photo"),
            ("videos", "video"),
            // Latin and Greek
            ("indices", "index"),
            ("matrices", "matrix"),
            ("vertices", "vertex"),
            ("analyses", "analysis"),
            ("theses", "thesis"),
            ("crises", "crisis"),
            ("criteria", "criterion"),
            // -ices, -ses, -zes, -ches, -ves that are regular
            ("prices", "price"),
            ("devices", "device"),
            ("services", "service"),
            ("invoices", "invoice"),
            ("responses", "response"),
            ("databases", "database"),
            ("phases", "phase"),
            ("sizes", "size"),
            ("prizes", "prize"),
            ("buzzes", "buzz"),
            ("quizzes", "quiz"),
            ("matches", "match"),
            ("batches", "batch"),
            ("beaches", "beach"),
            ("coaches", "coach"),
            ("caches", "cache"),
            ("headaches", "headache"),
            ("niches", "niche"),
            ("archives", "archive"),
            ("moves", "move"),
            ("leaves", "leaf"),
            ("knives", "knife"),
            // irregular
            ("people", "person"),
            ("children", "child"),
            ("men", "man"),
            ("women", "woman"),
            // already singular
            ("status", "status"),
            ("analysis", "analysis"),
            ("address", "address"),
            ("gas", "gas"),
            ("alias", "alias"),
            ("user", "user"),
            ("ideas", "idea"),
            ("schemas", "schema"),
            ("menus", "menu"),
            ("emojis", "emoji"),
            // three letters: abbreviations keep their `s` (`sms` was `Sm`), two-letter
            // words' plurals still lose it
            ("sms", "sms"),
            ("gps", "gps"),
            ("dns", "dns"),
            ("ios", "ios"),
            ("bus", "bus"),
            ("os", "os"),
            ("ids", "id"),
            ("ads", "ad"),
            ("cats", "cat"),
            // four letters in -is or -us: a three-letter word's plural (`apis` was `Apis`), but
            // the singular words of that shape; `urls` was right already
            ("apis", "api"),
            ("kpis", "kpi"),
            ("uris", "uri"),
            ("cpus", "cpu"),
            ("gpus", "gpu"),
            ("skus", "sku"),
            ("urls", "url"),
            ("skis", "ski"),
            ("emus", "emu"),
            ("axis", "axis"),
            ("iris", "iris"),
            ("plus", "plus"),
            ("opus", "opus"),
            ("zeus", "zeus"),
            ("bonus", "bonus"),
            ("virus", "virus"),
            ("basis", "basis"),
            // -ics: a singular noun (`physics` was `physic`), but the plurals of nouns in -ic
            ("physics", "physics"),
            ("analytics", "analytics"),
            ("mathematics", "mathematics"),
            ("economics", "economics"),
            ("statistics", "statistics"),
            ("logistics", "logistics"),
            ("topics", "topic"),
            ("metrics", "metric"),
            ("clinics", "clinic"),
            ("epics", "epic"),
            // used only in the plural (`goods` was `good`)
            ("goods", "goods"),
            ("pants", "pants"),
            ("scissors", "scissors"),
            ("trousers", "trousers"),
            ("clothes", "clothes"),
        ] {
            assert_eq!(singular(plural), singular_form, "{plural}");
        }
    }

    #[test]
    fn interface_names_of_the_reported_tables() {
        for (table, name) in [
            ("movies", "Movie"),
            ("series", "Series"),
            ("species", "Species"),
            ("cookies", "Cookie"),
            ("news", "News"),
            ("statuses", "Status"),
            ("buses", "Bus"),
            ("heroes", "Hero"),
            ("indices", "Index"),
            ("tv_series", "TvSeries"),
            ("order_statuses", "OrderStatus"),
            ("apis", "Api"),
            ("kpis", "Kpi"),
            ("physics", "Physics"),
            ("analytics", "Analytics"),
            ("mathematics", "Mathematics"),
            ("goods", "Goods"),
            ("pants", "Pants"),
            ("scissors", "Scissors"),
            ("user_apis", "UserApi"),
            ("page_analytics", "PageAnalytics"),
            ("topics", "Topic"),
            ("buses", "Bus"),
            ("gas", "Gas"),
        ] {
            assert_eq!(interface_name(table), name, "{table}");
        }
    }

    #[test]
    fn jsdoc_cannot_be_closed_by_user_text() {
        assert_eq!(jsdoc_text("a */ b\nc"), "a * / b c");
    }

    /// `typeDefinitions` names Node's types where a table's interfaces use `Buffer` (a BLOB on
    /// PostgreSQL and MySQL), as the table files do; SQLite's BLOB is a `Uint8Array`, and a
    /// description that says "Buffer" is no property.
    #[test]
    fn type_definitions_reference_node_where_buffer_is_used() {
        let types = |db: &str, ty: &str| {
            let spec = format!(
                r#"{{"description":"d","databaseType":"{db}","generateTypes":true,"tables":[{{"name":"files","description":"data: Buffer","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"data","type":"{ty}","nullable":true,"description":"x: Buffer"}}],"primaryKey":["id"]}}]}}"#
            );
            crate::generate_str(&spec).type_definitions.expect("types")
        };
        let reference = "/// <reference types=\"node\" />\n";
        for db in ["postgresql", "mysql"] {
            let text = types(db, "BLOB");
            assert!(
                text.contains(&format!(".sql. Do not edit by hand.\n\n{reference}")),
                "{text}"
            );
            assert!(!types(db, "TEXT").contains(reference), "{db}");
        }
        assert!(!types("sqlite", "BLOB").contains(reference));
    }

    /// Of `post` and `posts`, the one the database already has keeps the name earlier
    /// migrations' types gave it, whichever comes first in the spec; with neither there, the
    /// first takes it.
    #[test]
    fn a_table_the_database_has_keeps_its_interface_name() {
        let table = |name: &str| {
            format!(
                r#"{{"name":"{name}","columns":[{{"name":"id","type":"INTEGER","nullable":false}}],"primaryKey":["id"]}}"#
            )
        };
        let names = |db: &str, tables: &[&str], previous: Option<&[&str]>| {
            let list = |t: &[&str]| t.iter().map(|t| table(t)).collect::<Vec<_>>().join(",");
            let previous = previous.map_or(String::new(), |p| {
                format!(
                    r#","previousSpec":{{"description":"a","databaseType":"{db}","tables":[{}]}}"#,
                    list(p)
                )
            });
            let r = crate::generate_str(&format!(
                r#"{{"description":"d","databaseType":"{db}","generateTypes":true,"tables":[{}]{previous}}}"#,
                list(tables)
            ));
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            (r.table_types.expect("types").into_iter())
                .map(|t| (t.table, t.interface_name))
                .collect::<Vec<_>>()
        };
        let pairs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(t, n)| (t.to_string(), n.to_string()))
                .collect::<Vec<_>>()
        };
        for db in ["postgresql", "mysql", "sqlite"] {
            assert_eq!(
                names(db, &["post", "posts"], Some(&["posts"])),
                pairs(&[("post", "PostTable"), ("posts", "Post")]),
                "{db}"
            );
            assert_eq!(
                names(db, &["posts", "post"], Some(&["post"])),
                pairs(&[("posts", "PostTable"), ("post", "Post")]),
                "{db}"
            );
            assert_eq!(
                names(db, &["post", "posts"], None),
                pairs(&[("post", "Post"), ("posts", "PostTable")]),
                "{db}"
            );
            // Both already there: as previousSpec named them, whatever the spec's order.
            assert_eq!(
                names(db, &["posts", "post"], Some(&["post", "posts"])),
                pairs(&[("posts", "PostTable"), ("post", "Post")]),
                "{db}"
            );
        }
    }

    /// `users` and `user_inserts` both declared `UserInsert` (tsc: "Subsequent property
    /// declarations must have the same type").
    #[test]
    fn no_two_tables_share_an_interface_through_the_suffixes() {
        let spec = r#"{"description":"d","databaseType":"postgresql","timestamps":false,"generateTypes":true,"tables":[
            {"name":"users","columns":[{"name":"id","type":"INT","nullable":false,"autoIncrement":true}]},
            {"name":"user_inserts","columns":[{"name":"id","type":"UUID","nullable":false}],"primaryKey":["id"]},
            {"name":"user_updates","columns":[{"name":"id","type":"TEXT","nullable":false}],"primaryKey":["id"]}]}"#;
        let r = crate::generate_str(spec);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let types = r.type_definitions.expect("types");
        let mut declared: Vec<&str> = types
            .lines()
            .filter_map(|l| l.strip_prefix("export interface "))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert_eq!(
            declared,
            [
                "User",
                "UserInsert",
                "UserUpdate",
                "UserInsertRow",
                "UserInsertRowInsert",
                "UserInsertRowUpdate",
                "UserUpdateRow",
                "UserUpdateRowInsert",
                "UserUpdateRowUpdate"
            ],
            "{types}"
        );
        // The same names in a spec of that table alone: a types folder holding users.d.ts
        // takes user_inserts.d.ts from a later migration without a clash.
        let alone = types_of_one_table(
            "postgresql",
            r#"{"name":"user_inserts","columns":[{"name":"id","type":"UUID","nullable":false}],"primaryKey":["id"]}"#,
        );
        assert!(
            alone.contains("export interface UserInsertRow {"),
            "{alone}"
        );
        // Nor do names followed by `row(s)` meet them (a review found `user_insert_rows` gave
        // `UserInsertRow` too): the three interfaces of any two of these differ.
        let stems = [
            "user",
            "user_insert",
            "user_update",
            "record",
            "pick",
            "order",
            "insert",
            "update",
        ];
        let mut names: Vec<String> = Vec::new();
        for stem in stems {
            for tail in ["s", "_rows", "_row_rows", "_rows_inserts", "_row_updates"] {
                names.push(format!("{stem}{tail}"));
            }
        }
        let mut owner: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
        for table in &names {
            let name = interface_name(table);
            for suffix in ["", "Insert", "Update"] {
                if let Some(other) = owner.insert(format!("{name}{suffix}"), table) {
                    panic!("{table} and {other} both declare {name}{suffix}");
                }
            }
        }
        assert_eq!(interface_name("user_insert_rows"), "UserInsertRowRow");
        assert_eq!(interface_name("record_rows"), "RecordRowRow");
        assert_eq!(interface_name("rows"), "Row");
        declared.sort_unstable();
        declared.dedup();
        assert_eq!(
            declared.len(),
            9,
            "an interface is declared twice:\n{types}"
        );
    }

    /// The generated types of a valid spec of one table (`table`, JSON) for `db`, without
    /// timestamps.
    fn types_of_one_table(db: &str, table: &str) -> String {
        let spec = format!(
            r#"{{"description":"d","databaseType":"{db}","timestamps":false,"generateTypes":true,"tables":[{table}]}}"#
        );
        let r = crate::generate_str(&spec);
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        r.type_definitions.expect("types")
    }

    /// SQLite has no boolean or JSON type: a BOOLEAN column holds the integers 0 and 1 and a
    /// JSON column text (read back here from the bundled engine), which every SQLite driver
    /// returns as they are and no driver binds otherwise, so SQLite's row, insert and update
    /// types are `number` and `string`. PostgreSQL's and MySQL's rows keep the specification's
    /// map (pg and mysql2 with `mysql2Options` return booleans and parsed JSON), and MySQL's
    /// inputs take JSON text (mysql2 does not serialise objects).
    #[test]
    fn sqlite_booleans_are_numbers_and_json_is_text_in_every_interface() {
        let table = r#"{"name":"flags","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
                {"name":"active","type":"BOOLEAN","nullable":false,"default":false},{"name":"seen","type":"BOOLEAN","nullable":true},
                {"name":"payload","type":"JSON","nullable":false},{"name":"meta","type":"JSONB","nullable":true}]}"#;
        let interface = |types: &str, name: &str| -> String {
            let body = &types[types.find(&format!("interface {name} {{")).expect(name)..];
            body[..body.find("\n}").unwrap()].to_string()
        };
        let sqlite = types_of_one_table("sqlite", table);
        for name in ["Flag", "FlagInsert", "FlagUpdate"] {
            let body = interface(&sqlite, name);
            for field in ["active", "seen", "payload", "meta"] {
                let ty = if ["active", "seen"].contains(&field) {
                    "number"
                } else {
                    "string"
                };
                let null = if ["seen", "meta"].contains(&field) {
                    " | null"
                } else {
                    ""
                };
                assert!(
                    body.contains(&format!("  {field}: {ty}{null};"))
                        || body.contains(&format!("  {field}?: {ty}{null};")),
                    "{name}.{field}: {body}"
                );
            }
            assert!(
                !body.contains(": boolean") && !body.contains("Record<"),
                "{body}"
            );
        }
        let row = interface(&sqlite, "Flag");
        assert!(row.contains("(0 or 1: SQLite has no boolean type"), "{row}");
        assert!(row.contains("(JSON text: JSON.parse it"), "{row}");
        // What the engine holds: integers and text.
        let spec = format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{table}]}}"#
        );
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&crate::generate_str(&spec).up_migration)
            .unwrap();
        db.execute(
            "INSERT INTO flags (seen, payload) VALUES (1, ?1)",
            [r#"{"a":1}"#],
        )
        .unwrap();
        let kinds: (String, String, String) = db
            .query_row(
                "SELECT typeof(active), typeof(seen), typeof(payload) FROM flags",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(kinds, ("integer".into(), "integer".into(), "text".into()));
        let pg = types_of_one_table("postgresql", table);
        assert!(
            interface(&pg, "Flag").contains("  active: boolean;"),
            "{pg}"
        );
        assert!(
            interface(&pg, "FlagInsert").contains("  payload: Record<string, unknown> | string;"),
            "{pg}"
        );
        // A row holds any JSON value (an array, a number, JSON null), the same type nullable.
        for (name, types) in [("postgresql", &pg)] {
            for field in ["payload", "meta"] {
                assert!(
                    interface(types, "Flag").contains(&format!("  {field}: {JSON_VALUE};")),
                    "{name}: {types}"
                );
            }
        }
        let mysql = types_of_one_table("mysql", table);
        assert!(
            interface(&mysql, "Flag").contains(&format!("  payload: {JSON_VALUE};")),
            "{mysql}"
        );
        assert!(
            interface(&mysql, "FlagInsert").contains("  payload: string;"),
            "{mysql}"
        );
        assert!(
            interface(&mysql, "FlagInsert").contains("(mysql2 does not serialise objects)"),
            "{mysql}"
        );
        assert!(
            interface(&mysql, "FlagUpdate").contains("  active?: boolean;"),
            "{mysql}"
        );
    }

    /// A TIMESTAMP, DATETIME or DATE column's inserts and updates take a `Date` on PostgreSQL
    /// and MySQL, whose drivers bind one; rows stay text (what the driver settings return), and
    /// SQLite's inputs too (its drivers bind no `Date`). `__test__/date-inputs.test.mjs` compiles
    /// uses of them with tsc.
    #[test]
    fn dates_take_a_date_object_on_postgresql_and_mysql_only() {
        let table = r#"{"name":"sessions","columns":[{"name":"id","type":"INTEGER","nullable":false},
                {"name":"last_login_at","type":"TIMESTAMP","nullable":true},{"name":"seen_at","type":"DATETIME","nullable":false},
                {"name":"day","type":"DATE","nullable":false,"default":"CURRENT_DATE"}],"primaryKey":["id"]}"#;
        for db in ["postgresql", "mysql", "sqlite"] {
            let types = types_of_one_table(db, table);
            let input = if db == "sqlite" {
                "string"
            } else {
                "string | Date"
            };
            for (iface, lines) in [
                (
                    "Session {",
                    [
                        "  last_login_at: string | null;",
                        "  seen_at: string;",
                        "  day: string;",
                    ],
                ),
                (
                    "SessionInsert {",
                    [
                        &format!("  last_login_at?: {input} | null;"),
                        &format!("  seen_at: {input};"),
                        &format!("  day?: {input};"),
                    ],
                ),
                (
                    "SessionUpdate {",
                    [
                        &format!("  last_login_at?: {input} | null;"),
                        &format!("  seen_at?: {input};"),
                        &format!("  day?: {input};"),
                    ],
                ),
            ] {
                let body = &types[types.find(iface).expect(iface)..];
                let body = &body[..body.find('}').unwrap()];
                for line in lines {
                    assert!(body.contains(line), "{db} {iface} {line}: {body}");
                }
            }
        }
    }

    /// A column of a SQLite file declared with a type of NUMERIC affinity (Knex's `json`,
    /// `UUID`, `datetime`) holds number-looking text as a number, which the bundled engine
    /// gives back here: pulled and generated against the file, its row type admits what came
    /// back (`string | number`), its comment says the declared type and why, and its inputs
    /// stay text. A column declared TEXT, and what this tool creates for JSON and UUID
    /// (`TEXT`), keeps `string`.
    #[test]
    fn sqlite_columns_declared_with_numeric_affinity_hold_numbers_too() {
        let dir = std::env::temp_dir().join(format!("mg-numeric-affinity-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("existing.db");
        let _ = std::fs::remove_file(&path);
        let db = crate::sqlite_memory::open(&path).unwrap();
        db.execute_batch(
            "CREATE TABLE docs (id INTEGER PRIMARY KEY AUTOINCREMENT, body json NOT NULL, ref UUID, \
             note TEXT, seen_at datetime);",
        )
        .unwrap();
        for value in ["123", "1.5", "1e3", r#"{"a":1}"#] {
            db.execute(
                "INSERT INTO docs (body, ref, note, seen_at) VALUES (?1, ?1, ?1, ?1)",
                [value],
            )
            .unwrap();
        }
        // What the engine gives back, as the TypeScript type of each value.
        let mut came_back: Vec<(String, String)> = Vec::new();
        for column in ["body", "ref", "note", "seen_at"] {
            let mut stmt = db
                .prepare(&format!("SELECT typeof({column}) FROM docs"))
                .unwrap();
            let kinds: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for kind in kinds {
                let ts = match kind.as_str() {
                    "integer" | "real" => "number",
                    "text" => "string",
                    other => panic!("{column}: {other}"),
                };
                came_back.push((column.to_string(), ts.to_string()));
            }
        }
        assert!(came_back.contains(&("body".into(), "number".into())));
        assert!(!came_back.contains(&("note".into(), "number".into())));
        drop(db);
        let path_json = serde_json::to_string(path.to_str().unwrap()).unwrap();
        let pulled: serde_json::Value = serde_json::from_str(&crate::spec_from_database_json(
            path.to_str().unwrap(),
            None,
        ))
        .unwrap();
        let mut spec = pulled["spec"].clone();
        spec["generateTypes"] = true.into();
        spec["timestamps"] = false.into();
        spec["existingDbPath"] = serde_json::from_str(&path_json).unwrap();
        let r = crate::generate_str(&spec.to_string());
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        let types = r.type_definitions.expect("types");
        let block = |name: &str| {
            let body = &types[types.find(&format!("interface {name} {{")).expect(name)..];
            body[..body.find("\n}").unwrap()].to_string()
        };
        let (row, insert, update) = (block("Doc"), block("DocInsert"), block("DocUpdate"));
        let row_type = |column: &str| -> String {
            let line = row
                .lines()
                .find(|l| l.starts_with(&format!("  {column}: ")))
                .unwrap_or_else(|| panic!("{column}: {row}"));
            line.split_once(": ")
                .unwrap()
                .1
                .trim_end_matches(';')
                .to_string()
        };
        for (column, ts) in &came_back {
            let row_type = row_type(column);
            assert!(
                row_type.split(" | ").any(|x| x == ts),
                "{column} came back a {ts}: {row}"
            );
        }
        assert_eq!(row_type("body"), "string | number");
        assert_eq!(row_type("ref"), "string | number | null");
        assert_eq!(row_type("seen_at"), "string | number | null");
        assert_eq!(row_type("note"), "string | null");
        assert!(
            row.contains("/** json NOT NULL (JSON text: JSON.parse it"),
            "{row}"
        );
        assert!(
            row.contains("(a number too: SQLite gives a column declared json NUMERIC affinity, which stores number-looking text ('123', '1.5', '1e3') as a number, and drivers return that number) */\n  body: string | number;"),
            "{row}"
        );
        assert!(row.contains("/** UUID (a number too"), "{row}");
        assert!(row.contains("/** TEXT */\n  note: string | null;"), "{row}");
        for input in [&insert, &update] {
            assert!(
                input.contains("  body: string;") || input.contains("  body?: string;"),
                "{input}"
            );
            for column in ["body", "ref", "note", "seen_at"] {
                let line = input
                    .lines()
                    .find(|l| l.trim_start().starts_with(column))
                    .unwrap();
                assert!(!line.contains("number"), "{input}");
            }
        }
        // The tool's own SQLite tables declare JSON and UUID as TEXT, which keeps text as text.
        let table = r#"{"name":"docs","columns":[{"name":"id","type":"INTEGER","nullable":false,"autoIncrement":true},
            {"name":"body","type":"JSON","nullable":false},{"name":"ref","type":"UUID","nullable":true}]}"#;
        let spec = format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"generateTypes":true,"tables":[{table}]}}"#
        );
        let r = crate::generate_str(&spec);
        assert!(
            r.up_migration.contains("body TEXT NOT NULL") && r.up_migration.contains("ref TEXT"),
            "{}",
            r.up_migration
        );
        let types = r.type_definitions.expect("types");
        assert!(types.contains("  body: string;"), "{types}");
        assert!(types.contains("  ref: string | null;"), "{types}");
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        db.execute("INSERT INTO docs (body, ref) VALUES ('123', '1e3')", [])
            .unwrap();
        let kinds: (String, String) = db
            .query_row("SELECT typeof(body), typeof(ref) FROM docs", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(kinds, ("text".into(), "text".into()));
    }

    /// The global names the brief of the fix names, and the ones the generated files use.
    const MUST_BE_TAKEN: &[&str] = &[
        "Pick",
        "Exclude",
        "Omit",
        "Partial",
        "Required",
        "Readonly",
        "Record",
        "Extract",
        "NonNullable",
        "Parameters",
        "ReturnType",
        "InstanceType",
        "Awaited",
        "Uppercase",
        "Lowercase",
        "Capitalize",
        "Uncapitalize",
        "Array",
        "Promise",
        "Map",
        "Set",
        "Date",
        "Buffer",
        "Object",
        "String",
        "Number",
        "Boolean",
        "Symbol",
        "Function",
        "Error",
        "JSON",
        "Math",
        "RegExp",
        "Database",
        "Uint8Array",
        "ReadonlyArray",
        "PropertyKey",
    ];

    #[test]
    fn taken_is_sorted_and_holds_the_globals_generated_files_use() {
        assert!(
            TAKEN.windows(2).all(|w| w[0] < w[1]),
            "TAKEN must be sorted (binary search)"
        );
        for name in MUST_BE_TAKEN {
            assert!(TAKEN.binary_search(name).is_ok(), "{name}");
        }
    }

    /// `picks` gave `interface Pick`, which index.d.ts imports, and there it shadowed the
    /// `Pick<Insert, K>` of its Kysely helper: tsc said "Type 'Pick' is not generic".
    #[test]
    fn tables_named_after_globals_get_a_row_suffix() {
        for (table, name) in [
            ("picks", "PickRow"),
            ("pick", "PickRow"),
            ("excludes", "ExcludeRow"),
            ("exclude", "ExcludeRow"),
            ("omits", "OmitRow"),
            ("partials", "PartialRow"),
            ("readonly", "ReadonlyRow"),
            ("records", "RecordRow"),
            ("non_nullables", "NonNullableRow"),
            ("return_types", "ReturnTypeRow"),
            ("instance_types", "InstanceTypeRow"),
            ("uppercases", "UppercaseRow"),
            ("capitalizes", "CapitalizeRow"),
            ("promises", "PromiseRow"),
            ("buffers", "BufferRow"),
            ("databases", "DatabaseRow"),
            ("reg_exps", "RegExpRow"),
            ("uint8_arrays", "Uint8ArrayRow"),
            // Not globals: unchanged.
            ("pick_items", "PickItem"),
            ("parameters", "Parameter"),
            ("regexps", "Regexp"),
            ("jsons", "Json"),
        ] {
            assert_eq!(interface_name(table), name, "{table}");
        }
    }

    /// For every taken name, its table names (snake case, singular and with an `s`) give an
    /// interface that is not taken, nor are its `…Insert` and `…Update` interfaces.
    #[test]
    fn no_table_named_after_a_global_declares_a_global() {
        for global in TAKEN {
            let mut snake = String::new();
            for (i, c) in global.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            }
            for table in [snake.clone(), format!("{snake}s"), format!("{snake}es")] {
                let name = interface_name(&table);
                for suffix in ["", "Insert", "Update"] {
                    let declared = format!("{name}{suffix}");
                    assert!(
                        TAKEN.binary_search(&declared.as_str()).is_err(),
                        "{table} declares {declared}"
                    );
                }
            }
        }
    }

    const ORDERS: &str = r#"{"name":"orders","columns":[{"name":"id","type":"INTEGER","nullable":false},
        {"name":"status","type":"VARCHAR","length":20,"nullable":false},{"name":"code","type":"CHAR","length":3,"nullable":true}],
        "primaryKey":["id"],"checkConstraints":[{"name":"chk_status","expression":"status IN ('draft', 'won''t') AND id > 0"},
        {"name":"chk_code","expression":"code = 'aa' OR code IS NULL"}]}"#;

    /// On SQLite (bundled engine) every string of a CHECK's union is taken and read back as
    /// written, and another spelling is refused: the row type may say the union.
    #[test]
    fn sqlite_rows_hold_exactly_the_check_strings() {
        let types = types_of_one_table("sqlite", ORDERS);
        for iface in ["Order {", "OrderInsert {", "OrderUpdate {"] {
            let body = &types[types.find(iface).expect(iface)..];
            let body = &body[..body.find('}').unwrap()];
            assert!(
                body.contains(r#"status: "draft" | "won't";"#)
                    || body.contains(r#"status?: "draft" | "won't";"#),
                "{body}"
            );
            assert!(body.contains(r#": "aa" | null;"#), "{body}");
        }
        let spec = format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"tables":[{ORDERS}]}}"#
        );
        let r = crate::generate_str(&spec);
        let db = crate::sqlite_memory::open_in_memory().unwrap();
        db.execute_batch(&r.up_migration).unwrap();
        for (id, status) in [(1, "draft"), (2, "won't")] {
            db.execute(
                "INSERT INTO orders (id, status, code) VALUES (?1, ?2, 'aa')",
                rusqlite::params![id, status],
            )
            .unwrap();
            let back: String = db
                .query_row("SELECT status FROM orders WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(back, status);
        }
        for (status, code) in [("Draft", "aa"), ("draft ", "aa"), ("draft", "AA")] {
            let e = db.execute(
                "INSERT INTO orders (id, status, code) VALUES (9, ?1, ?2)",
                [status, code],
            );
            assert!(e.is_err(), "{status:?} {code:?} was taken");
        }
    }

    /// The types of ORDERS generated against a SQLite file whose `orders` table is `create`,
    /// and whether that table then takes `status = 'DRAFT'`.
    fn orders_against(name: &str, create: &str) -> (String, bool) {
        let dir =
            std::env::temp_dir().join(format!("mg-check-unions-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("existing.db");
        let _ = std::fs::remove_file(&path);
        crate::sqlite_memory::open(&path)
            .unwrap()
            .execute_batch(create)
            .unwrap();
        let spec = format!(
            r#"{{"description":"d","databaseType":"sqlite","timestamps":false,"generateTypes":true,"existingDbPath":{},"tables":[{ORDERS}]}}"#,
            serde_json::to_string(path.to_str().unwrap()).unwrap()
        );
        let r = crate::generate_str(&spec);
        let takes_other_case = crate::sqlite_memory::open(&path)
            .unwrap()
            .execute("INSERT INTO orders (id, status) VALUES (1, 'DRAFT')", [])
            .is_ok();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        (r.type_definitions.expect("types"), takes_other_case)
    }

    fn row_interface(types: &str) -> &str {
        let row = &types[types.find("Order {").unwrap()..];
        &row[..row.find('}').unwrap()]
    }

    /// A table the SQLite database already had keeps its unions in the row type when its rows
    /// can only be the CHECK's strings (TEXT affinity, no COLLATE), so that generating again
    /// against the database does not turn code that compiled into errors; with a COLLATE clause
    /// (`NOCASE` takes 'DRAFT') the row is plain text, while inserts still take the union.
    #[test]
    fn a_table_already_in_the_database_keeps_unions_unless_it_compares_loosely() {
        let checks = "CONSTRAINT chk_status CHECK (status IN ('draft', 'won''t') AND id > 0), CONSTRAINT chk_code CHECK (code = 'aa' OR code IS NULL)";
        let (types, loose) = orders_against(
            "plain",
            &format!("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL, code CHAR(3), {checks});"),
        );
        assert!(!loose);
        let row = row_interface(&types);
        assert!(row.contains(r#"  status: "draft" | "won't";"#), "{row}");
        assert!(row.contains(r#"  code: "aa" | null;"#), "{row}");
        let (types, loose) = orders_against(
            "nocase",
            &format!("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, status VARCHAR(20) COLLATE NOCASE NOT NULL, code CHAR(3), {checks});"),
        );
        assert!(
            loose,
            "COLLATE NOCASE takes another spelling, which a row then holds"
        );
        let row = row_interface(&types);
        assert!(row.contains("  status: string;"), "{row}");
        assert!(row.contains("so rows are typed as plain text"), "{row}");
        assert!(
            types.contains(r#"  status?: "draft" | "won't";"#),
            "{types}"
        );
        // Declared with NUMERIC affinity (a spec VARCHAR keeps a `DATETIME` declaration): a
        // row may hold a number, whatever the CHECK's strings.
        let (types, loose) = orders_against(
            "numeric",
            &format!("CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, status DATETIME NOT NULL, code CHAR(3), {checks});"),
        );
        assert!(!loose);
        let row = row_interface(&types);
        assert!(row.contains("  status: string | number;"), "{row}");
        assert!(row.contains("/** DATETIME NOT NULL (a number too: SQLite gives a column declared DATETIME NUMERIC affinity"), "{row}");
        assert!(
            row.contains("rows are typed string | number, as the declared type converts text"),
            "{row}"
        );
        assert!(
            types.contains(r#"  status?: "draft" | "won't";"#),
            "{types}"
        );
    }

    /// A CHECK string longer than the column holds is left out of the unions where the
    /// database enforces the length (PostgreSQL, MySQL: MySQL's TEXT key column is
    /// VARCHAR(255)), with a warning and a note in the row's comment; a column none of whose
    /// strings fits is `never`. SQLite, which stores any length, keeps every string.
    #[test]
    fn check_strings_longer_than_the_column_are_left_out_where_the_length_is_enforced() {
        use crate::report::Code;
        let table = r#"{"name":"posts","columns":[{"name":"id","type":"INTEGER","nullable":false},
            {"name":"status","type":"VARCHAR","length":5,"nullable":false},{"name":"kind","type":"CHAR","length":2,"nullable":true},
            {"name":"tag","type":"TEXT","nullable":true,"unique":true}],
            "primaryKey":["id"],"checkConstraints":[{"name":"chk_status","expression":"status IN ('draft', 'published', 'sent  ')"},
            {"name":"chk_kind","expression":"kind IN ('abc', 'wxyz')"},{"name":"chk_tag","expression":"tag = 'a' OR tag = 'THREE_HUNDRED'"}]}"#;
        let long_tag = "x".repeat(300);
        let table = table.replace("THREE_HUNDRED", &long_tag);
        for db in ["sqlite", "postgresql", "mysql"] {
            let spec = format!(
                r#"{{"description":"d","databaseType":"{db}","timestamps":false,"generateTypes":true,"tables":[{table}]}}"#
            );
            let r = crate::generate_str(&spec);
            assert!(r.validation.valid, "{:?}", r.validation.errors);
            let types = r.type_definitions.expect("types");
            let warned: Vec<&str> = r
                .validation
                .warnings
                .iter()
                .filter(|w| w.code == Code::LossyTypeMapping)
                .filter_map(|w| w.column.as_deref())
                .collect();
            match db {
                "sqlite" => {
                    assert!(
                        types.contains(r#"  status?: "draft" | "published" | "sent  ";"#),
                        "{types}"
                    );
                    assert!(
                        types.contains(r#"  kind?: "abc" | "wxyz" | null;"#),
                        "{types}"
                    );
                    assert!(warned.is_empty(), "{warned:?}");
                }
                _ => {
                    // Spaces beyond the length are cut: 'sent  ' is stored as 'sent '.
                    assert!(types.contains(r#"  status?: "draft";"#), "{db}: {types}");
                    assert!(types.contains(r#"  kind?: never | null;"#), "{db}: {types}");
                    assert!(types.contains(r#"the CHECK also allows "published", "sent  ", longer than the column holds"#), "{db}: {types}");
                    let mut expected = vec!["status", "kind"];
                    if db == "mysql" {
                        // MySQL's TEXT key column is VARCHAR(255), and the TEXT warning says so.
                        assert!(types.contains(r#"  tag?: "a" | null;"#), "{types}");
                        expected.extend(["tag", "tag"]);
                    } else {
                        assert!(
                            types.contains(&format!(r#"  tag?: "a" | "{long_tag}" | null;"#)),
                            "{types}"
                        );
                    }
                    let mut warned = warned.clone();
                    warned.sort_unstable();
                    expected.sort_unstable();
                    assert_eq!(warned, expected, "{db}");
                    let kind = r
                        .validation
                        .warnings
                        .iter()
                        .find(|w| w.column.as_deref() == Some("kind"))
                        .unwrap();
                    assert!(
                        kind.message.contains("no string the CHECK allows fits"),
                        "{}",
                        kind.message
                    );
                    assert!(
                        kind.suggestion
                            .as_deref()
                            .unwrap_or_default()
                            .contains("at least 4"),
                        "{kind:?}"
                    );
                }
            }
        }
    }
}
