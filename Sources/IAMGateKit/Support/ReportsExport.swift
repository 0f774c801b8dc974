/// The report model and its renderers live in `Reports`; the CLI and the tests see them through IAMGateKit, the one
/// module the CLI imports. A re-export rather than typealiases: the renderers are also extensions (`CheckReport.json`,
/// `Decision.jsonMembers`), which a typealias cannot carry.
@_exported import Reports
