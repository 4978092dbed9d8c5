use actix_web::{http::header, web, HttpRequest, HttpResponse};

const CONTENT: &[u8] = b"attachment bytes";

/// Serves an attachment, honouring a simple `Range: bytes=a-b` request.
pub async fn download(req: HttpRequest, path: web::Path<(u64, String)>) -> HttpResponse {
    let (_id, name) = path.into_inner();
    let Some(range) = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
    else {
        // Correct: the whole file.
        return HttpResponse::Ok()
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename={name}"),
            ))
            .body(CONTENT);
    };
    let Some((start, end)) = parse_range(range, CONTENT.len()) else {
        // Correct: 416 with the current length.
        return HttpResponse::RangeNotSatisfiable()
            .insert_header((header::CONTENT_RANGE, format!("bytes */{}", CONTENT.len())))
            .finish();
    };
    // Mistake: a 206 that does not say which bytes it carries.
    HttpResponse::PartialContent().body(&CONTENT[start..=end])
}

fn parse_range(range: &str, len: usize) -> Option<(usize, usize)> {
    let (start, end) = range.strip_prefix("bytes=")?.split_once('-')?;
    let start: usize = start.parse().ok()?;
    let end: usize = end.parse().ok()?;
    (start <= end && end < len).then_some((start, end))
}
