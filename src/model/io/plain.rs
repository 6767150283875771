//! A quick reading of townships, their villages and the initial stock. A
//! national file holds half a million villages of eight fields each, and
//! nearly all its reading time goes to them: the RON reader tries six named
//! literals (`inf`, `NaN`, …) and copies every number into a new string
//! before converting it. Townships and initial stock written the plain way
//! (as `generate` and saving write them) are read here directly, in one
//! pass; any other element is read by the RON reader.
//!
//! The rule that keeps both readings the same: where this reading returns a
//! value, the RON reader returns the same one (property tests check it),
//! and where the text is anything else it returns `None`.

use crate::model::scenario::{InitialStock, Township, Village};

/// Reads a value with the RON reader; `None` where it fails.
fn ron_reading<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    ron::Options::default().from_str(text).ok()
}

/// Reads one township element: plainly where it is written plainly (see
/// [`Plain`]), with the RON reader otherwise. `None` where the RON reader
/// fails.
pub(super) fn township(text: &str) -> Option<Township> {
    plain_or_ron(text, plain_township)
}

/// Reads one initial-stock element the same way as [`township`].
pub(super) fn initial_stock(text: &str) -> Option<InitialStock> {
    plain_or_ron(text, plain_stock)
}

/// Reads `text` whole with `plain`, or else with the RON reader.
fn plain_or_ron<T: serde::de::DeserializeOwned>(
    text: &str,
    plain: fn(&mut Plain<'_>) -> Option<T>,
) -> Option<T> {
    let mut p = Plain { text, i: 0 };
    match plain(&mut p) {
        Some(value) if p.at_end() => Some(value),
        _ => ron_reading(text),
    }
}

/// The plain reading of a village element; `None` where it would leave
/// the text to the RON reader.
#[cfg(test)]
fn village(text: &str) -> Option<Village> {
    let mut p = Plain { text, i: 0 };
    plain_village(&mut p).filter(|_| p.at_end())
}

/// Sets a field read once; `None` if it was read before.
fn once<T>(field: &mut Option<T>, value: T) -> Option<()> {
    if field.is_some() {
        return None;
    }
    *field = Some(value);
    Some(())
}

/// A township written plainly: its fields (see [`Plain::fields`]) are
/// strings, a `true`/`false`, a whole number, numbers and a list of plain
/// villages.
fn plain_township(p: &mut Plain<'_>) -> Option<Township> {
    let (mut id, mut name, mut county_centre, mut opens) = (None, None, None, None);
    let (mut norm, mut seat, mut villages) = (None, None, None);
    p.fields(|p, key| match key {
        "id" => once(&mut id, p.string()?),
        "name" => once(&mut name, p.string()?),
        "county_centre" => once(&mut county_centre, p.boolean()?),
        "station_opens_month" => once(&mut opens, p.whole()?),
        "staffing_norm" => once(&mut norm, p.number()?),
        "seat_population" => once(&mut seat, p.number()?),
        "villages" => {
            let list = p.list(plain_village)?;
            once(&mut villages, list)
        }
        _ => None,
    })?;
    Some(Township {
        id: id?.to_string(),
        name: name?.to_string(),
        county_centre: county_centre.unwrap_or_default(),
        station_opens_month: opens.unwrap_or_default(),
        staffing_norm: norm?,
        seat_population: seat.unwrap_or_default(),
        villages: villages.unwrap_or_default(),
    })
}

/// Initial stock written plainly: strings, a number and a whole number.
fn plain_stock(p: &mut Plain<'_>) -> Option<InitialStock> {
    let (mut township, mut track, mut stage) = (None, None, None);
    let (mut count, mut tenure) = (None, None);
    p.fields(|p, key| match key {
        "township" => once(&mut township, p.string()?),
        "track" => once(&mut track, p.string()?),
        "stage" => once(&mut stage, p.string()?),
        "count" => once(&mut count, p.number()?),
        "tenure_months" => once(&mut tenure, p.whole()?),
        _ => None,
    })?;
    Some(InitialStock {
        township: township?.to_string(),
        track: track?.to_string(),
        stage: stage?.to_string(),
        count: count?,
        tenure_months: tenure.unwrap_or_default(),
    })
}

/// The number fields of a village, in the order of [`Village`]; the first
/// is required, the others default to 0.
const NUMBER_FIELDS: [&str; 7] = [
    "population",
    "aged_60_plus",
    "left_behind_children",
    "left_behind_elderly",
    "disabled",
    "dibao_households",
    "remoteness",
];

/// A village written plainly: `(name: "…", population: 664.0, …)`.
fn plain_village(p: &mut Plain<'_>) -> Option<Village> {
    let mut name = None;
    let mut numbers = [None; NUMBER_FIELDS.len()];
    p.fields(|p, key| {
        if key == "name" {
            once(&mut name, p.string()?)
        } else {
            let field = NUMBER_FIELDS.iter().position(|f| *f == key)?;
            once(numbers.get_mut(field)?, p.number()?)
        }
    })?;
    let [
        population,
        aged_60_plus,
        left_behind_children,
        left_behind_elderly,
        disabled,
        dibao_households,
        remoteness,
    ] = numbers;
    Some(Village {
        name: name?.to_string(),
        population: population?,
        aged_60_plus: aged_60_plus.unwrap_or_default(),
        left_behind_children: left_behind_children.unwrap_or_default(),
        left_behind_elderly: left_behind_elderly.unwrap_or_default(),
        disabled: disabled.unwrap_or_default(),
        dibao_households: dibao_households.unwrap_or_default(),
        remoteness: remoteness.unwrap_or_default(),
    })
}

/// A reading position in plainly written text: blanks (space, tab, line
/// breaks) between the parts and nothing else (no comments); strings
/// without backslashes or control characters; numbers written `-`, digits
/// and an optional `.` and digits; whole numbers as digits without a
/// leading zero. Every reading returns `None` on anything else.
struct Plain<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Plain<'a> {
    /// The byte at the position.
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    /// Skips blanks.
    fn blanks(&mut self) {
        while self
            .byte()
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.i += 1;
        }
    }

    /// Whether only blanks are left.
    fn at_end(&mut self) -> bool {
        self.blanks();
        self.i == self.text.len()
    }

    /// Skips blanks and the byte `c`.
    fn expect(&mut self, c: u8) -> Option<()> {
        self.blanks();
        (self.byte()? == c).then(|| self.i += 1)
    }

    /// Whether the position ends a value: a blank, a comma or a closing
    /// parenthesis.
    fn ends_value(&self) -> bool {
        matches!(
            self.byte(),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b')')
        )
    }

    /// Reads `(key: value, …)`, each value by `field(self, key)`, with an
    /// optional comma after the last.
    fn fields(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.expect(b'(')?;
        loop {
            self.blanks();
            if self.byte()? == b')' {
                self.i += 1;
                return Some(());
            }
            let start = self.i;
            while self
                .byte()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
            {
                self.i += 1;
            }
            let key = self.text.get(start..self.i)?;
            self.expect(b':')?;
            self.blanks();
            field(self, key)?;
            self.blanks();
            match self.byte()? {
                b',' => self.i += 1,
                b')' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Reads `[item, …]`, each by `item(self)`, with an optional comma
    /// after the last.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        self.expect(b'[')?;
        let mut out = Vec::new();
        loop {
            self.blanks();
            if self.byte()? == b']' {
                self.i += 1;
                return Some(out);
            }
            out.push(item(self)?);
            self.blanks();
            match self.byte()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }

    /// A string literal without escapes or control characters: its
    /// contents.
    fn string(&mut self) -> Option<&'a str> {
        if self.byte()? != b'"' {
            return None;
        }
        let start = self.i + 1;
        let mut j = start;
        loop {
            match *self.text.as_bytes().get(j)? {
                b'"' => break,
                b'\\' => return None,
                c if c < 0x20 => return None,
                _ => j += 1,
            }
        }
        self.i = j + 1;
        self.text.get(start..j)
    }

    /// Digits from the position on (at least one); the index after them.
    fn digits(&self, from: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        let mut j = from;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        (j > from).then_some(j)
    }

    /// A number: `-`, digits, and an optional `.` and digits.
    fn number(&mut self) -> Option<f64> {
        let start = self.i;
        let mut j = start;
        if self.byte()? == b'-' {
            j += 1;
        }
        j = self.digits(j)?;
        if self.text.as_bytes().get(j) == Some(&b'.') {
            j = self.digits(j + 1)?;
        }
        self.i = j;
        if !self.ends_value() {
            return None;
        }
        self.text.get(start..j)?.parse().ok()
    }

    /// A whole number: digits without a leading zero (or `0`).
    fn whole(&mut self) -> Option<u32> {
        let start = self.i;
        let j = self.digits(start)?;
        self.i = j;
        let digits = self.text.get(start..j)?;
        if (digits.len() > 1 && digits.starts_with('0')) || !self.ends_value() {
            return None;
        }
        digits.parse().ok()
    }

    /// `true` or `false`.
    fn boolean(&mut self) -> Option<bool> {
        let rest = self.text.get(self.i..)?;
        let (value, len) = if rest.starts_with("true") {
            (true, 4)
        } else if rest.starts_with("false") {
            (false, 5)
        } else {
            return None;
        };
        self.i += len;
        self.ends_value().then_some(value)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::model::io::split;
    use proptest::prelude::*;

    fn ron_village(text: &str) -> Option<Village> {
        ron::Options::default().from_str(text).ok()
    }

    /// Bitwise equality, so that -0.0 and 0.0 differ.
    fn same(a: &Village, b: &Village) -> bool {
        let bits = |v: &Village| {
            [
                v.population,
                v.aged_60_plus,
                v.left_behind_children,
                v.left_behind_elderly,
                v.disabled,
                v.dibao_households,
                v.remoteness,
            ]
            .map(f64::to_bits)
        };
        a.name == b.name && bits(a) == bits(b)
    }

    /// The plain reading of a township, or `None` where it leaves the text
    /// to the RON reader.
    fn plain(text: &str) -> Option<Township> {
        let mut p = Plain { text, i: 0 };
        plain_township(&mut p).filter(|_| p.at_end())
    }

    #[test]
    fn written_townships_are_read_plainly_and_as_ron_reads_them() {
        let mut sc = crate::model::generate::synthetic(30, 5, 3).unwrap();
        let mut tws = (*sc.county.townships).clone();
        tws[3].station_opens_month = 18;
        tws[4].seat_population = 0.5;
        sc.county.townships = std::sync::Arc::new(tws);
        let saved = crate::model::io::to_ron_string(&sc).unwrap();
        let mut generated = Vec::new();
        crate::model::generate::write_ron(&sc, &mut generated).unwrap();
        for written in [saved, String::from_utf8(generated).unwrap()] {
            let mut elements = [Vec::new(), Vec::new()];
            split::long_lists(&written, 64, &mut |list, e| elements[list].extend(e)).unwrap();
            let [townships, stock] = elements;
            assert_eq!(townships.len(), 31);
            for e in townships {
                let text = &written[e];
                let ours = plain(text).unwrap_or_else(|| panic!("not plain: {text}"));
                let theirs: Township = ron_reading(text).unwrap();
                assert_eq!(ours, theirs);
            }
            assert!(!stock.is_empty());
            for e in stock {
                let text = &written[e];
                let mut p = Plain { text, i: 0 };
                let ours = plain_stock(&mut p).filter(|_| p.at_end());
                let theirs: InitialStock = ron_reading(text).unwrap();
                assert_eq!(ours, Some(theirs), "{text}");
            }
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_ron_reader() {
        for text in [
            r#"(name: "a\"b", population: 1.0)"#,
            "(name: \"a\tb\", population: 1.0)",
            r#"(name: "a", population: 1e3)"#,
            r#"(name: "a", population: 1_000.0)"#,
            r#"(name: "a", population: inf)"#,
            r#"(name: "a", population: 1.0f64)"#,
            r#"(name: "a", population: .5)"#,
            r#"(name: "a", population: 5.)"#,
            r#"(name: "a", population: +5.0)"#,
            r#"(name: "a", population: 1.0 /* c */)"#,
            r#"Village(name: "a", population: 1.0)"#,
            r#"(name: "a", population: 1.0, population: 2.0)"#,
            r#"(name: "a", population: 1.0, extra: 2.0)"#,
            r#"(name: "a")"#,
            r#"(population: 1.0)"#,
            r#"(name: "a", population: 1.0,,)"#,
            r#"(name: "a", population: 1.0) x"#,
            r#"(r#name: "a", population: 1.0)"#,
        ] {
            assert!(village(text).is_none(), "{text}");
        }
        let v = village(" ( population : -0.0 ,name:\"村\",\n remoteness: 0.25, ) \n").unwrap();
        assert!(same(
            &v,
            &ron_village(r#"(name: "村", population: -0.0, remoteness: 0.25)"#).unwrap()
        ));
    }

    /// `text` with `piece` put in at about `at` (`cut` 0), or else `cut`
    /// characters taken out there.
    fn changed(text: &str, piece: &str, at: usize, cut: usize) -> String {
        let at = text
            .char_indices()
            .map(|(i, _)| i)
            .nth(at % text.chars().count().max(1))
            .unwrap_or(0);
        let mut changed = text.to_string();
        if cut == 0 {
            changed.insert_str(at, piece);
        } else {
            let end = text[at..]
                .char_indices()
                .map(|(i, _)| at + i)
                .nth(cut)
                .unwrap_or(text.len());
            changed.replace_range(at..end, "");
        }
        changed
    }

    /// Bits of text the plain reading must refuse or read exactly as the
    /// RON reader does.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("name".to_string()),
            Just("population".to_string()),
            Just("remoteness".to_string()),
            Just("Village".to_string()),
            Just(":".to_string()),
            Just(",".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just("\u{b}".to_string()),
            Just("/* c */".to_string()),
            Just("// c\n".to_string()),
            Just("-".to_string()),
            Just("+".to_string()),
            Just(".".to_string()),
            Just("e".to_string()),
            Just("_".to_string()),
            Just("inf".to_string()),
            Just("f64".to_string()),
            "[0-9]{1,4}",
            "[0-9]{1,3}\\.[0-9]{1,3}",
        ]
    }

    /// A plain village: a name, the population and some other fields in a
    /// shuffled order, with numbers written as integers, with one decimal
    /// or in full.
    fn plain_text() -> impl Strategy<Value = String> {
        (
            "[a-z村 ]{0,6}",
            proptest::collection::vec((any::<bool>(), -1.0e6..1.0e6f64, 0..3usize), 7),
            any::<u64>(),
            "[ \n\t]{0,2}",
            any::<bool>(),
        )
            .prop_map(|(name, numbers, order, blank, trailing_comma)| {
                let mut fields = vec![format!("name:{blank}\"{name}\"")];
                for (k, (present, x, decimals)) in numbers.into_iter().enumerate() {
                    if present || k == 0 {
                        let x = match decimals {
                            0 => format!("{}", x.trunc()),
                            1 => format!("{x:.1}"),
                            _ => format!("{x}"),
                        };
                        fields.push(format!("{}{blank}:{blank}{x}", NUMBER_FIELDS[k]));
                    }
                }
                let n = fields.len();
                for k in 0..n {
                    fields.swap(k, k + (order >> (2 * k)) as usize % (n - k));
                }
                let comma = if trailing_comma { "," } else { "" };
                format!(
                    "({blank}{}{comma}{blank})",
                    fields.join(&format!(",{blank}"))
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn a_plain_reading_is_the_ron_reading(
            plain in plain_text(),
            piece in piece(),
            at in 0..1000usize,
            cut in 0..4usize,
        ) {
            let ours = village(&plain);
            prop_assert!(ours.is_some(), "{plain}");
            let theirs = ron_village(&plain).unwrap();
            prop_assert!(same(&ours.unwrap(), &theirs), "{plain}");
            // the same text with a piece put in, or a few bytes taken out
            let changed = changed(&plain, &piece, at, cut);
            if let Some(ours) = village(&changed) {
                let theirs = ron_village(&changed);
                prop_assert!(
                    theirs.as_ref().is_some_and(|t| same(&ours, t)),
                    "{changed}: {ours:?} against {theirs:?}"
                );
            }
        }
    }

    /// A plain township: its fields in a shuffled order (some left out) and
    /// up to three villages given as text.
    fn plain_township_text() -> impl Strategy<Value = String> {
        (
            ("[a-z0-9]{1,4}", "[a-z乡 ]{0,4}", any::<bool>(), 0..40u32),
            (
                0.0..10.0f64,
                0.0..1.0e5f64,
                proptest::collection::vec(plain_text(), 0..3),
            ),
            any::<u64>(),
            proptest::collection::vec(any::<bool>(), 7),
            "[ \n]{0,2}",
        )
            .prop_map(
                |((id, name, centre, opens), (norm, seat, villages), order, present, blank)| {
                    let mut fields = vec![
                        format!("id: \"{id}\""),
                        format!("name:{blank}\"{name}\""),
                        format!("staffing_norm: {norm}"),
                    ];
                    let optional = [
                        format!("county_centre: {centre}"),
                        format!("station_opens_month:{blank}{opens}"),
                        format!("seat_population: {seat:.1}"),
                        format!(
                            "villages: [{blank}{}{blank}]",
                            villages.join(&format!(",{blank}"))
                        ),
                    ];
                    fields.extend(
                        optional
                            .into_iter()
                            .zip(present)
                            .filter(|(_, p)| *p)
                            .map(|(f, _)| f),
                    );
                    let n = fields.len();
                    for k in 0..n {
                        fields.swap(k, k + (order >> (2 * k)) as usize % (n - k));
                    }
                    format!("({blank}{},{blank})", fields.join(&format!(",{blank}")))
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn a_plain_township_reading_is_the_ron_reading(
            text in plain_township_text(),
            piece in prop_oneof![piece(), Just("true".to_string()), Just("[".to_string()), Just("]".to_string()), Just("0".to_string())],
            at in 0..10_000usize,
            cut in 0..4usize,
        ) {
            let ours = plain(&text);
            prop_assert!(ours.is_some(), "{text}");
            let theirs: Township = ron_reading(&text).unwrap();
            prop_assert_eq!(ours.unwrap(), theirs);
            let changed = changed(&text, &piece, at, cut);
            if let Some(ours) = plain(&changed) {
                let theirs: Option<Township> = ron_reading(&changed);
                prop_assert_eq!(Some(ours), theirs, "{}", changed);
            }
            // whatever the text, the township reading is the RON reading
            prop_assert_eq!(township(&changed), ron_reading::<Township>(&changed));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn a_plain_stock_reading_is_the_ron_reading(
            (township, stage) in ("[a-z0-9]{1,4}", "[a-z_]{1,8}"),
            count in 0.0..100.0f64,
            tenure in proptest::option::of(0..200u32),
            piece in prop_oneof![piece(), Just("0".to_string()), Just("x".to_string())],
            at in 0..10_000usize,
            cut in 0..4usize,
        ) {
            let tenure = tenure.map(|t| format!(" tenure_months: {t},")).unwrap_or_default();
            let text = format!("(township: \"{township}\", track: \"local\",{tenure} stage: \"{stage}\", count: {count})");
            let mut p = Plain { text: &text, i: 0 };
            prop_assert!(plain_stock(&mut p).filter(|_| p.at_end()).is_some(), "{}", text);
            prop_assert_eq!(initial_stock(&text), ron_reading::<InitialStock>(&text));
            let changed = changed(&text, &piece, at, cut);
            prop_assert_eq!(initial_stock(&changed), ron_reading::<InitialStock>(&changed), "{}", changed);
        }
    }
}
