//! Telling the format apart: whether a file holds OParl or the export format.

/// How much of a file [`is_oparl`] looks at.
const SNIFF_BYTES: usize = 8192;

const EXPORT_KEYS: [&[u8]; 5] = [b"format", b"quelle", b"koerperschaft", b"vorlagen", b"auszuege"];

/// Every property name of OParl 1.1, so that any object is told by its
/// first key, in whatever order its keys come.
const OPARL_KEYS: [&[u8]; 101] = [
    b"id",
    b"type",
    b"data",
    b"links",
    b"pagination",
    b"created",
    b"modified",
    b"deleted",
    b"web",
    b"keyword",
    b"license",
    b"system",
    b"oparlVersion",
    b"otherOparlVersions",
    b"vendor",
    b"product",
    b"website",
    b"contactEmail",
    b"contactName",
    b"name",
    b"shortName",
    b"body",
    b"ags",
    b"rgs",
    b"equivalent",
    b"licenseValidSince",
    b"oparlSinceDate",
    b"classification",
    b"organization",
    b"person",
    b"meeting",
    b"paper",
    b"legislativeTerm",
    b"agendaItem",
    b"consultation",
    b"file",
    b"locationList",
    b"location",
    b"membership",
    b"startDate",
    b"endDate",
    b"familyName",
    b"givenName",
    b"formOfAddress",
    b"affix",
    b"title",
    b"gender",
    b"phone",
    b"email",
    b"status",
    b"life",
    b"lifeSource",
    b"post",
    b"subOrganizationOf",
    b"organizationType",
    b"role",
    b"votingRight",
    b"onBehalfOf",
    b"meetingState",
    b"cancelled",
    b"start",
    b"end",
    b"invitation",
    b"resultsProtocol",
    b"verbatimProtocol",
    b"auxiliaryFile",
    b"number",
    b"order",
    b"public",
    b"result",
    b"resolutionText",
    b"resolutionFile",
    b"reference",
    b"date",
    b"paperType",
    b"relatedPaper",
    b"superordinatedPaper",
    b"subordinatedPaper",
    b"mainFile",
    b"originatorPerson",
    b"underDirectionOf",
    b"originatorOrganization",
    b"authoritative",
    b"fileName",
    b"mimeType",
    b"size",
    b"sha1Checksum",
    b"text",
    b"accessUrl",
    b"downloadUrl",
    b"externalServiceUrl",
    b"masterFile",
    b"derivativeFile",
    b"fileLicense",
    b"description",
    b"geojson",
    b"streetAddress",
    b"room",
    b"postalCode",
    b"subLocality",
    b"locality",
];

/// Whether a file holds OParl rather than the export format. Arrays are
/// OParl (an export file is one object); an object is told by its first
/// top-level key that belongs to one of the two formats. Only the first few
/// KB are looked at, since this runs on every file; anything undecided goes
/// to the export loader, whose messages explain what is wrong.
pub fn is_oparl(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    match start.map(|i| head[i]) {
        Some(b'[') => true,
        Some(b'{') => first_decisive_key(head).unwrap_or(false),
        _ => false,
    }
}

fn first_decisive_key(head: &[u8]) -> Option<bool> {
    let (mut depth, mut expect_key, mut i) = (0usize, false, 0);
    while i < head.len() {
        match head[i] {
            b'"' => {
                let end = string_end(head, i + 1)?;
                if depth == 1 && expect_key {
                    let key = &head[i + 1..end];
                    if EXPORT_KEYS.contains(&key) {
                        return Some(false);
                    }
                    if OPARL_KEYS.contains(&key) {
                        return Some(true);
                    }
                    expect_key = false;
                }
                i = end;
            }
            b'{' | b'[' => {
                depth += 1;
                expect_key = depth == 1;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect_key = true,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Index of the quote that ends the string starting at `from`.
fn string_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}
