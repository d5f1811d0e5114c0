//! The mock push service as a program, for the end-to-end tests and by hand:
//! `mock-push [PORT]` listens on 127.0.0.1:PORT (default 3900).
//! `POST /subscribe` gives a subscription; `GET /messages?endpoint=…` shows what arrived, decrypted.

use server::push::mock::{Faults, MockPush};

#[tokio::main]
async fn main() {
    let port = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(3900);
    match MockPush::start(port, Faults::default()).await {
        Ok(mock) => {
            println!("mock push service on http://{}", mock.host());
            let _ = tokio::signal::ctrl_c().await;
        }
        Err(e) => {
            eprintln!("mock-push: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    }
}
