//! The small Markdown subset tour steps are written in: paragraphs (blank lines), `-` or `*`
//! lists, `code`, **bold** and *emphasis*. Anything else is shown as written.
//!
//! Text to Yew nodes; never injects HTML.

use yew::prelude::*;

pub fn render(text: &str) -> Html {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, list: &mut Vec<&str>, blocks: &mut Vec<Html>| {
        if !para.is_empty() {
            blocks.push(html! { <p>{ inline(&para.join(" ")) }</p> });
            para.clear();
        }
        if !list.is_empty() {
            blocks.push(html! { <ul>{ for list.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> });
            list.clear();
        }
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            flush(&mut para, &mut list, &mut blocks);
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            if !para.is_empty() {
                let mut none = Vec::new();
                flush(&mut para, &mut none, &mut blocks);
            }
            list.push(item);
        } else if !list.is_empty() && para.is_empty() && line.starts_with(' ') {
            list.push(line);
        } else {
            if !list.is_empty() {
                let mut none = Vec::new();
                flush(&mut none, &mut list, &mut blocks);
            }
            para.push(line);
        }
    }
    flush(&mut para, &mut list, &mut blocks);
    blocks.into_iter().collect()
}

/// `code`, **bold** and *emphasis* inside one block.
fn inline(text: &str) -> Html {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = ["`", "**", "*"].iter().filter_map(|m| rest.find(m).map(|at| (at, *m))).min_by_key(|&(at, m)| (at, usize::MAX - m.len()));
        let Some((at, mark)) = next else { break };
        let after = &rest[at + mark.len()..];
        let Some(end) = after.find(mark) else { break };
        out.push(html! { { &rest[..at] } });
        let inner = &after[..end];
        out.push(match mark {
            "`" => html! { <code>{ inner }</code> },
            "**" => html! { <strong>{ inner }</strong> },
            _ => html! { <em>{ inner }</em> },
        });
        rest = &after[end + mark.len()..];
    }
    out.push(html! { { rest } });
    out.into_iter().collect()
}
