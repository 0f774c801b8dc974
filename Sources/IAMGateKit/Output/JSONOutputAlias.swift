import JSON

/// Ordered JSON for reports (the one writer, from the `JSON` module); the CLI sees it through IAMGateKit.
public typealias JSONOutput = JSON.JSONOutput
