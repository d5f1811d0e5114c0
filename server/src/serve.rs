//! Accepting connections, with the limits `axum::serve` leaves unset: it gives hyper no timer,
//! so a client that sends half a request, or opens a connection and sends nothing, holds it
//! (and its task and buffers) for as long as it likes. Here every HTTP/1 connection must send a
//! request's headers within `HEADER_READ_TIMEOUT` — the first request, and each next one on a
//! kept-alive connection, so idle connections close too — and a request body must arrive within
//! `BODY_READ_TIMEOUT` (`routes::router`).

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

/// How long a client may take to send a request's headers, or stay idle between requests.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a client may take to send a request's body.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Gives a request's whole body `BODY_READ_TIMEOUT` to arrive; reading it fails after that.
/// (tower-http's `TimeoutBody` restarts its timer on every chunk, so a byte every few seconds
/// would hold a request open for days.)
pub async fn limit_body_time(
    request: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let deadline = tokio::time::Instant::now() + BODY_READ_TIMEOUT;
    let request = request.map(|body| {
        axum::body::Body::new(DeadlineBody {
            inner: body,
            deadline: Box::pin(tokio::time::sleep_until(deadline)),
        })
    });
    next.run(request).await
}

/// A body that fails once its deadline has passed.
struct DeadlineBody {
    inner: axum::body::Body,
    deadline: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl http_body::Body for DeadlineBody {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            let late = std::io::Error::new(std::io::ErrorKind::TimedOut, "request body too slow");
            return std::task::Poll::Ready(Some(Err(axum::Error::new(late))));
        }
        std::pin::Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets open requests finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Without TCP_NODELAY a streamed body waits out the client's delayed ACK (~40 ms).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
        let service = router
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.map(axum::body::Body::new)
            });
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .keep_alive(true);
            let connection = builder
                .serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service))
                .with_upgrades();
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::trace!(error = %e, "connection ended with an error");
                    }
                    return;
                }
                _ = stopping.changed() => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Open requests finish; wait (bounded) for their connections to go.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while stop.receiver_count() > 1 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}
