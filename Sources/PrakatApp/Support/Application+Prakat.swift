import Vapor

/// What varies between production and tests, carried on the application.
extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = PrakatConfiguration }
    private struct ClockKey: StorageKey { typealias Value = any PrakatClock }

    public var prakat: PrakatConfiguration {
        get {
            guard let value = storage[ConfigurationKey.self] else { fatalError("configure(_:) sets the Prakat configuration before use") }
            return value
        }
        set { storage[ConfigurationKey.self] = newValue }
    }

    public var clock: any PrakatClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    public var clock: any PrakatClock { application.clock }
}
