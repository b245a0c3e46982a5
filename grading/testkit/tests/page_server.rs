//! The page server, checked from the outside with a real HTTP client.

use std::time::Duration;

use testkit::{GateOutcome, PageServer, finish_within};

fn fetch(url: &str) -> (u16, String) {
    let response = reqwest::blocking::get(url).expect("the page server answers");
    let status = response.status().as_u16();
    (status, response.text().expect("a text body"))
}

#[test]
fn pages_have_distinct_titles_and_serve_their_html() {
    let server = PageServer::builder().pages(40).seed(7).start();
    let mut titles: Vec<&str> = server.pages().iter().map(|p| p.title.as_str()).collect();
    titles.sort_unstable();
    titles.dedup();
    assert_eq!(titles.len(), 40, "every page has its own title");
    for index in [0, 17, 39] {
        let (status, body) = fetch(&server.page_url(index));
        assert_eq!(status, 200);
        assert_eq!(body, server.page(index).html);
        assert!(body.contains(&format!("<title>{}</title>", server.page(index).title)));
    }
}

#[test]
fn missing_pages_answer_404_and_still_count() {
    let server = PageServer::builder().pages(2).start();
    assert_eq!(fetch(&server.missing_url()).0, 404);
    assert_eq!(fetch(&format!("{}/pages/2", server.base_url())).0, 404);
    assert_eq!(fetch(&format!("{}/pages/x", server.base_url())).0, 404);
    assert_eq!(server.requests_total(), 3);
}

#[test]
fn random_page_is_reproducible_from_the_seed_and_recorded() {
    let served = |seed| {
        let server = PageServer::builder().pages(30).seed(seed).start();
        let bodies: Vec<String> = (0..6).map(|_| fetch(&server.random_url()).1).collect();
        let recorded = server.random_served();
        for (body, index) in bodies.iter().zip(&recorded) {
            assert_eq!(body, &server.page(*index).html);
        }
        recorded
    };
    assert_eq!(served(99), served(99));
    assert_ne!(served(1), served(2), "different seeds, different sequences");
}

#[test]
fn seeds_change_bodies() {
    let a = PageServer::builder().seed(1).start();
    let b = PageServer::builder().seed(2).start();
    assert_ne!(a.pages(), b.pages());
}

#[test]
fn gate_opens_on_quorum_and_counts_the_peak() {
    let server = PageServer::builder()
        .gate(4, Duration::from_secs(20))
        .latency(Duration::from_millis(5))
        .start();
    let urls: Vec<String> = (0..4).map(|i| server.page_url(i)).collect();
    finish_within(Duration::from_secs(15), "four gated requests", move || {
        std::thread::scope(|s| {
            for url in &urls {
                s.spawn(move || assert_eq!(fetch(url).0, 200));
            }
        });
    });
    assert_eq!(server.gate_outcome(), Some(GateOutcome::Quorum));
    assert_eq!(server.max_in_flight(), 4);
    assert_eq!(server.in_flight(), 0);
}

#[test]
fn gate_gives_up_at_the_deadline_for_a_sequential_client() {
    let server = PageServer::builder()
        .gate(3, Duration::from_millis(100))
        .start();
    for index in 0..3 {
        assert_eq!(fetch(&server.page_url(index)).0, 200);
    }
    assert_eq!(server.gate_outcome(), Some(GateOutcome::Deadline));
    assert_eq!(server.max_in_flight(), 1);
}
