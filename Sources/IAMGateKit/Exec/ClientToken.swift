/// The `ClientToken` of one submission of one checked statement: the hex SHA-256 of the checked inputs' digest, the
/// statement's place in the run, the exact call and the submission attempt. An HTTP-level retry of a submission
/// resends the same bytes and so the same token (Cloud Control treats it as the same request); a resubmission after
/// a `FAILED` with `Throttling` is attempt + 1 and gets a new token (the old one names the failed request); a changed
/// call or input can never reuse a token. 64 characters of `[0-9a-f]`, within the model's pattern
/// `[-A-Za-z0-9+/=]+` and length 1–128 (`cloudcontrol.service-2.json`, `ClientToken`).
public enum ClientToken {
    public static func make(digest: String, statement index: Int, call: StatementCall, attempt: Int) -> String {
        var text = "iamgate-client-token-1\n\(digest)\n\(index)\n\(attempt)\n"
        for (key, value) in call.members {
            text += "\(key)=\(value.rendered(pretty: false))\n"
        }
        text += "region=\(call.region)\n"
        return InputLedger.sha256(text.utf8)
    }
}
