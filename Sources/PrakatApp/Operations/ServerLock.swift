import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `serve` holds a shared lock on `<data>/.prakat-serve.lock` for as long as it runs; `restore`
/// asks for it exclusively and refuses while any server holds it. A restore under a running server
/// replaced the files while the server went on writing to the old, deleted database: changes it
/// had confirmed were lost (an operator walkthrough). The kernel drops the lock when the process
/// ends, however it ends, so a crashed server never blocks a restore.
enum ServerLock {
    static let fileName = ".prakat-serve.lock"

    static func path(in dataDirectory: String) -> String { (dataDirectory as NSString).appendingPathComponent(fileName) }

    /// Held by `serve` until the process ends; nil when the lock file cannot be opened (a
    /// read-only data directory fails later, with its own message).
    static func holdForServer(dataDirectory: String) -> Int32? {
        let descriptor = open(path(in: dataDirectory), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    static func release(_ descriptor: Int32) {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Whether a server holds the data directory now.
    static func isHeldByServer(dataDirectory: String) -> Bool {
        let descriptor = open(path(in: dataDirectory), O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }  // no server has run here
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(descriptor, LOCK_UN)
        return false
    }
}
