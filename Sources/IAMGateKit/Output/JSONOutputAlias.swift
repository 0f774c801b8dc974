import IAMPolicy

/// Ordered JSON for reports (defined in IAMPolicy so every module writes JSON one way); the CLI sees it through
/// IAMGateKit.
public typealias JSONOutput = IAMPolicy.JSONOutput
