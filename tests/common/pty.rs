//! The real binary in a pseudo-terminal, read through a terminal emulator (vt100).
#![allow(dead_code)] // shared by tests and benches, which use different parts

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::pty::{Winsize, openpty};
use nix::sys::termios::{Termios, tcgetattr};
use nix::unistd::Pid;

pub const WAIT: Duration = Duration::from_secs(30);

/// `CLOCK_MONOTONIC` (the clock `Instant` reads) in nanoseconds, callable between fork and exec.
fn monotonic_now() -> u128 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: writes the time into `now`; async-signal-safe.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
    now.tv_sec as u128 * 1_000_000_000 + now.tv_nsec as u128
}

/// The `Instant` of the exec whose time the child wrote into `pipe` (now, where it wrote none).
fn exec_moment(mut pipe: std::fs::File) -> Instant {
    let mut bytes = [0u8; 16];
    let (now, now_ns) = (Instant::now(), monotonic_now());
    match pipe.read_exact(&mut bytes) {
        Ok(()) => {
            let ago = now_ns.saturating_sub(u128::from_ne_bytes(bytes));
            now - Duration::from_nanos(ago as u64)
        }
        Err(_) => now,
    }
}

/// Saves an account for the demo user on `server` in the data directory under `home`.
pub fn save_account(home: &std::path::Path, server: &url::Url) {
    let mut store =
        skua::accounts::AccountStore::load(&home.join("data/skua/accounts.toml")).unwrap();
    store
        .add(skua::accounts::SavedAccount::new(
            "demo@127.0.0.1".into(),
            server.to_string(),
            skua::api::detect::Flavor::Mastodon,
            &skua::api::http::Token::new(skua::demo::TOKEN),
        ))
        .unwrap();
}

/// A home where a saved account points at `server`, kept across runs, and the XDG variables
/// that make a run use it.
pub fn saved_account_home(server: &url::Url) -> (tempfile::TempDir, Vec<(String, String)>) {
    let home = tempfile::tempdir().unwrap();
    save_account(home.path(), server);
    let dir = |name: &str| home.path().join(name).to_str().unwrap().to_owned();
    let env = ["XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"]
        .into_iter()
        .zip(["data", "cache", "state"])
        .map(|(key, name)| (key.to_owned(), dir(name)))
        .collect();
    (home, env)
}

pub struct Session {
    pub child: Child,
    master: std::fs::File,
    slave: OwnedFd,
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// How many reads of skua's output have been drawn on `screen`, to wait on.
    drawn: Arc<(Mutex<u64>, std::sync::Condvar)>,
    /// Every byte skua wrote, for what the screen does not show (pictures' sequences).
    pub written: Arc<Mutex<Vec<u8>>>,
    /// Whether this terminal still reads what skua writes.
    reading: Arc<std::sync::atomic::AtomicBool>,
    pub original: Termios,
    pub home: tempfile::TempDir,
    /// The moment the program was exec'd (taken in the child, just before `execve`), where
    /// benches count a start from: the pseudo-terminal, the home folder and the fork before it
    /// are the harness's work, not the program's.
    pub exec_at: Instant,
}

impl Session {
    pub fn start(args: &[&str]) -> Session {
        Session::start_with(env!("CARGO_BIN_EXE_skua"), args)
    }

    pub fn start_with(program: &str, args: &[&str]) -> Session {
        Session::start_with_env(program, args, &[])
    }

    pub fn start_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_sized(program, args, env, (80, 24))
    }

    /// In a terminal of `(columns, rows)`.
    pub fn start_sized(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        size: (u16, u16),
    ) -> Session {
        Session::spawn(program, args, env, size, Duration::ZERO)
    }

    /// In a terminal that answers questions `late` after they are asked (a busy machine, a
    /// slow link).
    pub fn start_answering_late(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        late: Duration,
    ) -> Session {
        Session::spawn(program, args, env, (80, 24), late)
    }

    fn spawn(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        (columns, rows): (u16, u16),
        late: Duration,
    ) -> Session {
        let size = Winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(Some(&size), None).expect("a pseudo-terminal");
        // Not inherited by the skua of another test started meanwhile, whose keeping this
        // terminal open would keep its own skua from hearing it close.
        for fd in [pty.master.as_raw_fd(), pty.slave.as_raw_fd()] {
            // SAFETY: sets a flag on a descriptor this function owns.
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
        }
        let original = tcgetattr(&pty.slave).expect("the terminal's settings");
        let home = tempfile::tempdir().unwrap();
        let mut command = Command::new(program);
        command
            .args(args)
            .env_clear()
            .env("SKUA", env!("CARGO_BIN_EXE_skua"))
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .env("TERM", "xterm-256color")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            // Last, so a test can keep state across runs (XDG_STATE_HOME) or pick an editor.
            .envs(env.iter().copied())
            .stdin(Stdio::from(pty.slave.try_clone().unwrap()))
            .stdout(Stdio::from(pty.slave.try_clone().unwrap()))
            .stderr(Stdio::from(pty.slave.try_clone().unwrap()));
        let (exec_read, exec_write) =
            nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).expect("a pipe");
        let exec_write_fd = exec_write.as_raw_fd();
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(move || {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                let now = monotonic_now();
                libc::write(exec_write_fd, now.to_ne_bytes().as_ptr().cast(), 16);
                Ok(())
            });
        }
        let child = command.spawn().expect("skua starts");
        drop(exec_write);
        let exec_at = exec_moment(std::fs::File::from(exec_read));
        let master = std::fs::File::from(pty.master);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, columns, 0)));
        let mut reader = master.try_clone().unwrap();
        let parser = screen.clone();
        let reading = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let still_reading = reading.clone();
        let written = Arc::new(Mutex::new(Vec::new()));
        let kept = written.clone();
        let drawn = Arc::new((Mutex::new(0u64), std::sync::Condvar::new()));
        let told = drawn.clone();
        // A terminal named kitty answers as kitty: it draws pictures of its own.
        let kitty = env.contains(&("TERM", "xterm-kitty"));
        // One writer, so the answers go back in the order they were asked, as a terminal
        // sends them (a thread per answer could send the status report before the cursor
        // positions asked ahead of it).
        let (asked, to_answer) = std::sync::mpsc::channel::<(Instant, Vec<u8>)>();
        let mut answers = master.try_clone().unwrap();
        std::thread::spawn(move || {
            for (asked_at, replies) in to_answer {
                std::thread::sleep((asked_at + late).saturating_duration_since(Instant::now()));
                if answers.write_all(&replies).is_err() {
                    break;
                }
            }
        });
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            // The start of a query the last read ended in.
            let mut carried = Vec::new();
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 || !still_reading.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
                carried.extend_from_slice(&buffer[..n]);
                let output = std::mem::take(&mut carried);
                let mut parser = parser.lock().unwrap();
                kept.lock().unwrap().extend_from_slice(&buffer[..n]);
                let mut replies = Vec::new();
                let (shown, held) = shown_now(&output);
                carried = answer_cursor_queries(&mut parser, shown, &mut replies, kitty);
                carried.extend_from_slice(held);
                drop(parser);
                if !replies.is_empty() {
                    let _ = asked.send((Instant::now(), replies));
                }
                *told.0.lock().unwrap() += 1;
                told.1.notify_all();
            }
        });
        Session {
            child,
            master,
            slave: pty.slave,
            screen,
            drawn,
            written,
            reading,
            original,
            home,
            exec_at,
        }
    }

    /// From the next read on, this terminal takes no more of skua's output (a frozen link):
    /// once the terminal's buffer is full, skua's writes wait.
    pub fn stop_reading(&self) {
        self.reading
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// The screen once it shows what `done` looks for: looked at as each read of skua's
    /// output is drawn, so a test sees every frame, passing ones included, as a user would.
    pub fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        self.when(what, done).1
    }

    /// The moment the screen first shows what `done` looks for, and the screen then: looked
    /// at as each read of the program's output is drawn (for benches' timings: rounded up to
    /// no polling interval).
    pub fn when(&self, what: &str, done: impl Fn(&str) -> bool) -> (Instant, String) {
        let start = Instant::now();
        let (count, drawn) = &*self.drawn;
        loop {
            // Taken before looking, so a read drawn meanwhile is not missed.
            let seen = *count.lock().unwrap();
            let contents = self.contents();
            if done(&contents) {
                return (Instant::now(), contents);
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {what}; the screen:\n{contents}"
            );
            let count = count.lock().unwrap();
            let _ = drawn
                .wait_timeout_while(count, Duration::from_millis(50), |now| *now == seen)
                .unwrap();
        }
    }

    pub fn press(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
        self.master.flush().unwrap();
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < WAIT,
                "skua did not exit; the screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The terminal is back in the mode it started in, on the main screen, cursor shown.
    pub fn assert_restored(&self) {
        self.assert_modes_restored();
        // Let the last bytes arrive before reading the screen state.
        std::thread::sleep(Duration::from_millis(200));
        let parser = self.screen.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
        assert!(
            !parser.screen().bracketed_paste(),
            "bracketed paste is still on"
        );
    }

    /// The terminal's modes (echo, lines, raw) are as before skua: what needs no output.
    pub fn assert_modes_restored(&self) {
        let now = tcgetattr(&self.slave).unwrap();
        assert_eq!(
            now.local_flags, self.original.local_flags,
            "echo/canonical mode not restored"
        );
        assert_eq!(now.input_flags, self.original.input_flags);
        assert_eq!(now.output_flags, self.original.output_flags);
    }

    /// Whether the terminal is in bracketed paste mode.
    pub fn bracketed_paste(&self) -> bool {
        self.screen.lock().unwrap().screen().bracketed_paste()
    }

    pub fn resize(&self, rows: u16, columns: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: columns,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, columns);
        // SAFETY: TIOCSWINSZ reads one winsize from a valid pointer.
        let result = unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(result, 0, "{}", std::io::Error::last_os_error());
    }

    pub fn pid(&self) -> Pid {
        Pid::from_raw(self.child.id() as i32)
    }
}

/// What a terminal asks for its cursor's place with.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// The other questions this terminal answers, as xterm without pictures does: what it is
/// (no Sixel among its attributes) and its status.
const ANSWERED: &[(&[u8], &[u8])] = &[(b"\x1b[c", b"\x1b[?62;22c"), (b"\x1b[5n", b"\x1b[0n")];

/// What kitty answers besides: it draws pictures, plain and compressed.
const KITTY_ANSWERS: &[(&[u8], &[u8])] = &[
    (b"\x1b_Gi=31,", b"\x1b_Gi=31;OK\x1b\\"),
    (b"\x1b_Gi=32,", b"\x1b_Gi=32;OK\x1b\\"),
];

/// A frame skua draws as one synchronized update (mode 2026), as terminals that know the mode
/// show it: whole, once its end has come.
const FRAME_BEGINS: &[u8] = b"\x1b[?2026h";
const FRAME_ENDS: &[u8] = b"\x1b[?2026l";

/// What of `output` such a terminal shows now, and what it holds back: a frame begun and not
/// ended yet (or the start of the mark that would begin one).
fn shown_now(output: &[u8]) -> (&[u8], &[u8]) {
    let find =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).rposition(|w| w == needle);
    let held_from = match find(output, FRAME_BEGINS) {
        Some(begin) if find(&output[begin..], FRAME_ENDS).is_none() => begin,
        _ => {
            let partial = (1..FRAME_BEGINS.len())
                .rev()
                .find(|&n| output.ends_with(&FRAME_BEGINS[..n]))
                .unwrap_or(0);
            output.len() - partial
        }
    };
    output.split_at(held_from)
}

/// Draws `output` and answers each cursor-position query in it where the cursor is then, as a
/// real terminal does (vt100 draws each part of an emoji sequence by itself, as tmux does),
/// and the questions in [`ANSWERED`]; returns the start of a query `output` ends in, to draw
/// with what comes next.
fn answer_cursor_queries(
    parser: &mut vt100::Parser,
    output: &[u8],
    answers: &mut impl Write,
    kitty: bool,
) -> Vec<u8> {
    let mut rest = output;
    while let Some(at) = rest.windows(4).position(|w| w == CURSOR_QUERY) {
        answer_others(&rest[..at], answers, kitty);
        parser.process(&rest[..at + 4]);
        let (row, column) = parser.screen().cursor_position();
        let _ = write!(answers, "\x1b[{};{}R", row + 1, column + 1);
        rest = &rest[at + 4..];
    }
    let unfinished = (1..CURSOR_QUERY.len())
        .rev()
        .find(|&n| rest.ends_with(&CURSOR_QUERY[..n]))
        .unwrap_or(0);
    let (drawn, carried) = rest.split_at(rest.len() - unfinished);
    answer_others(drawn, answers, kitty);
    parser.process(drawn);
    carried.to_vec()
}

/// Answers the questions of [`ANSWERED`] (and as `kitty`) in `output`, in order.
fn answer_others(output: &[u8], answers: &mut impl Write, kitty: bool) {
    let kitty_answers = if kitty { KITTY_ANSWERS } else { &[] };
    let mut asked: Vec<(usize, &[u8])> = ANSWERED
        .iter()
        .chain(kitty_answers)
        .flat_map(|(question, answer)| {
            output
                .windows(question.len())
                .enumerate()
                .filter(move |(_, w)| w == question)
                .map(move |(at, _)| (at, *answer))
        })
        .collect();
    asked.sort_by_key(|(at, _)| *at);
    for (_, answer) in asked {
        let _ = answers.write_all(answer);
    }
}
