//! A quick reading of the villages of a township. A national file holds
//! half a million villages of eight fields each, and nearly all its reading
//! time goes to them: the RON reader tries six named literals (`inf`,
//! `NaN`, …) and copies every number into a new string before converting
//! it. Villages written the plain way (as `generate` and saving write them)
//! are read here directly; every other village, and every township whose
//! shape this reading does not know, is read by the RON reader.
//!
//! The rule that keeps both readings the same: where [`village`] returns a
//! village, the RON reader returns the same one (a property test checks
//! it), and where the text is anything else [`village`] returns `None`.

use super::split;
use crate::model::scenario::{Township, Village};

/// Reads a value with the RON reader; `None` where it fails.
pub(super) fn ron_reading<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    ron::Options::default().from_str(text).ok()
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

/// Reads one township element. Its own fields are read by the RON reader
/// (with the village list emptied), its villages by [`village`] where they
/// are plain and by the RON reader otherwise. `None` where the RON reader
/// would fail on any part; a township without a village list is read by
/// the RON reader whole.
pub(super) fn township(text: &str) -> Option<Township> {
    let mut elements = Vec::new();
    let Some([list]) = split::lists::<1>(text, split::villages_list, usize::MAX, &mut |_, e| {
        elements.extend(e);
    }) else {
        return ron_reading(text);
    };
    let mut head = String::with_capacity(text.len() - list.len());
    head.push_str(text.get(..list.start)?);
    head.push_str(text.get(list.end..)?);
    let mut township: Township = ron_reading(&head)?;
    if !township.villages.is_empty() {
        return None;
    }
    township.villages = elements
        .into_iter()
        .map(|e| {
            let element = text.get(e)?;
            village(element).or_else(|| ron_reading(element))
        })
        .collect::<Option<_>>()?;
    Some(township)
}

/// Reads a village written plainly: `(name: "…", population: 664.0, …)`
/// with the fields in any order, each at most once, `name` and
/// `population` present, blanks (space, tab, line breaks) between the
/// parts and an optional comma after the last field. The name has no
/// backslash or control character; a number is `-`, digits, and an
/// optional `.` and digits. `None` for anything else (comments, escapes,
/// exponents, `inf`, a struct name, an unknown field…).
pub(super) fn village(text: &str) -> Option<Village> {
    let b = text.as_bytes();
    let mut i = blanks(b, 0);
    if b.get(i) != Some(&b'(') {
        return None;
    }
    i += 1;
    let mut name = None;
    let mut numbers = [None; NUMBER_FIELDS.len()];
    loop {
        i = blanks(b, i);
        if *b.get(i)? == b')' {
            break;
        }
        let key_start = i;
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            i += 1;
        }
        let key = text.get(key_start..i)?;
        i = blanks(b, i);
        if *b.get(i)? != b':' {
            return None;
        }
        i = blanks(b, i + 1);
        if key == "name" {
            if name.is_some() {
                return None;
            }
            let (value, next) = plain_string(text, i)?;
            name = Some(value);
            i = next;
        } else {
            let field = NUMBER_FIELDS.iter().position(|f| *f == key)?;
            let slot = numbers.get_mut(field)?;
            if slot.is_some() {
                return None;
            }
            let (value, next) = plain_number(text, i)?;
            *slot = Some(value);
            i = next;
        }
        i = blanks(b, i);
        match *b.get(i)? {
            b',' => i += 1,
            b')' => break,
            _ => return None,
        }
    }
    if blanks(b, i + 1) != b.len() {
        return None;
    }
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

/// The index of the first byte from `i` on that is not a blank.
fn blanks(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        i += 1;
    }
    i
}

/// A string literal at `i` without escapes or control characters: its
/// contents and the index after its closing quote.
fn plain_string(text: &str, i: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    loop {
        match *b.get(j)? {
            b'"' => break,
            b'\\' => return None,
            c if c < 0x20 => return None,
            _ => j += 1,
        }
    }
    Some((text.get(i + 1..j)?, j + 1))
}

/// A number at `i` written `-`, digits, and an optional `.` and digits,
/// followed by a blank, a comma or a closing parenthesis: its value and
/// the index after it.
fn plain_number(text: &str, i: usize) -> Option<(f64, usize)> {
    let b = text.as_bytes();
    let digits = |mut j: usize| {
        let start = j;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        (j > start).then_some(j)
    };
    let mut j = i;
    if b.get(j) == Some(&b'-') {
        j += 1;
    }
    j = digits(j)?;
    if b.get(j) == Some(&b'.') {
        j = digits(j + 1)?;
    }
    if !matches!(b.get(j)?, b' ' | b'\t' | b'\n' | b'\r' | b',' | b')') {
        return None;
    }
    Some((text.get(i..j)?.parse().ok()?, j))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
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

    #[test]
    fn generated_villages_are_read_plainly_and_as_ron_reads_them() {
        let sc = crate::model::generate::synthetic(30, 5, 3).unwrap();
        for written in [crate::model::io::to_ron_string(&sc).unwrap(), {
            let mut out = Vec::new();
            crate::model::generate::write_ron(&sc, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        }] {
            let mut plain = 0;
            let mut elements = Vec::new();
            split::lists::<2>(&written, split::long_list, 64, &mut |list, e| {
                if list == 0 {
                    elements.extend(e);
                }
            })
            .unwrap();
            for e in elements {
                let text = &written[e];
                let ours = township(text).unwrap();
                let theirs: Township = ron::Options::default().from_str(text).unwrap();
                assert_eq!(ours, theirs);
                let mut villages = Vec::new();
                split::lists::<1>(text, split::villages_list, 1000, &mut |_, v| {
                    villages.extend(v);
                });
                for v in villages {
                    let v = &text[v];
                    assert!(village(v).is_some(), "not plain: {v}");
                    plain += 1;
                }
            }
            assert_eq!(plain, 150);
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
            let at = plain.char_indices().map(|(i, _)| i).nth(at % plain.chars().count()).unwrap_or(0);
            let mut changed = plain.clone();
            if cut == 0 {
                changed.insert_str(at, &piece);
            } else {
                let end = plain[at..].char_indices().map(|(i, _)| at + i).nth(cut).unwrap_or(plain.len());
                changed.replace_range(at..end, "");
            }
            if let Some(ours) = village(&changed) {
                let theirs = ron_village(&changed);
                prop_assert!(
                    theirs.as_ref().is_some_and(|t| same(&ours, t)),
                    "{changed}: {ours:?} against {theirs:?}"
                );
            }
        }
    }
}
