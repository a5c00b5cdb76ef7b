//! A list of task keys, each a button that asks the host about that task.
//!
//! Renders keys it is given; knows nothing of what they depend on.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KeyListProps {
    pub keys: Vec<String>,
    /// Called with the key the student clicked.
    pub inspect: Callback<String>,
}

#[function_component]
pub fn KeyList(props: &KeyListProps) -> Html {
    html! {
        <ul class="keys">
            { for props.keys.iter().map(|key| {
                let onclick = props.inspect.reform({
                    let key = key.clone();
                    move |_: MouseEvent| key.clone()
                });
                html! { <li><button class="key" {onclick}>{ key }</button></li> }
            }) }
        </ul>
    }
}
