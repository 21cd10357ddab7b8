//! The real binary in a pseudo-terminal against `--demo`: what a user sees and what their
//! terminal is left like afterwards.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::pty::{Winsize, openpty};
use nix::sys::signal::{Signal, kill};
use nix::sys::termios::{Termios, tcgetattr};
use nix::unistd::Pid;

const WAIT: Duration = Duration::from_secs(30);

struct Session {
    child: Child,
    master: std::fs::File,
    slave: OwnedFd,
    screen: Arc<Mutex<vt100::Parser>>,
    original: Termios,
    _home: tempfile::TempDir,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        Session::start_with(env!("CARGO_BIN_EXE_skua"), args)
    }

    fn start_with(program: &str, args: &[&str]) -> Session {
        let size = Winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(Some(&size), None).expect("a pseudo-terminal");
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
            .stdin(Stdio::from(pty.slave.try_clone().unwrap()))
            .stdout(Stdio::from(pty.slave.try_clone().unwrap()))
            .stderr(Stdio::from(pty.slave.try_clone().unwrap()));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("skua starts");
        let master = std::fs::File::from(pty.master);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let mut reader = master.try_clone().unwrap();
        let parser = screen.clone();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buffer[..n]);
            }
        });
        Session {
            child,
            master,
            slave: pty.slave,
            screen,
            original,
            _home: home,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let contents = self.contents();
            if done(&contents) {
                return contents;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {what}; the screen:\n{contents}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn press(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
        self.master.flush().unwrap();
    }

    fn wait_exit(&mut self) -> ExitStatus {
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
    fn assert_restored(&self) {
        let now = tcgetattr(&self.slave).unwrap();
        assert_eq!(
            now.local_flags, self.original.local_flags,
            "echo/canonical mode not restored"
        );
        assert_eq!(now.input_flags, self.original.input_flags);
        assert_eq!(now.output_flags, self.original.output_flags);
        // Let the last bytes arrive before reading the screen state.
        std::thread::sleep(Duration::from_millis(200));
        let parser = self.screen.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
    }

    fn resize(&self, rows: u16, columns: u16) {
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

    fn pid(&self) -> Pid {
        Pid::from_raw(self.child.id() as i32)
    }
}

fn first_line(contents: &str) -> &str {
    contents.lines().next().unwrap_or_default()
}

fn shows_posts(contents: &str) -> bool {
    contents.contains("DEMO") && contents.contains("· public") && contents.contains("↩ ")
}

#[test]
fn browses_every_timeline_kind_and_quits_cleanly() {
    let mut s = Session::start(&["--demo"]);
    let home = s.wait_for("the home timeline", shows_posts);
    assert!(
        first_line(&home).contains("1 Home  2 Local  3 Federated"),
        "{home}"
    );
    assert!(
        s.original
            .local_flags
            .contains(nix::sys::termios::LocalFlags::ECHO)
    );

    s.press("2");
    s.wait_for("the local timeline", |c| c != home && shows_posts(c));
    let local = s.contents();
    s.press("3");
    s.wait_for("the federated timeline", |c| c != local && shows_posts(c));

    s.press("#rust\r");
    s.wait_for("the #rust timeline", |c| {
        first_line(c).contains("4 #rust") && c.contains("#rust") && shows_posts(c)
    });

    s.press("a");
    s.wait_for("the list picker", |c| {
        c.contains("Lists") && c.contains("Rustaceans")
    });
    s.press("Friends\r");
    s.wait_for("the Friends list", |c| {
        first_line(c).contains("5 Friends") && shows_posts(c)
    });

    // Older posts load by themselves at the bottom: a second G lands on an older post.
    s.press("1");
    s.wait_for("home again", |c| c.contains("Hot take") && shows_posts(c));
    s.press("G");
    std::thread::sleep(Duration::from_millis(300));
    let bottom = s.wait_for("the bottom of the first pages", |c| {
        shows_posts(c) && !c.contains("Hot take")
    });
    s.press("G");
    s.wait_for("older posts", |c| c != bottom && shows_posts(c));

    // Ctrl-L repaints; a resized terminal is filled, status line at the new bottom.
    s.press("\u{c}");
    s.wait_for("a repaint", shows_posts);
    s.resize(30, 100);
    s.wait_for("the resized screen", |c| {
        c.lines().nth(29).is_some_and(|l| l.contains("DEMO"))
    });

    s.press("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

fn stops_cleanly_on(signal: Signal) {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("the home timeline", shows_posts);
    kill(s.pid(), signal).unwrap();
    let status = s.wait_exit();
    assert!(status.success(), "{signal}: {status:?}");
    s.assert_restored();
}

#[test]
fn sighup_restores_the_terminal() {
    stops_cleanly_on(Signal::SIGHUP);
}

#[test]
fn sigterm_restores_the_terminal() {
    stops_cleanly_on(Signal::SIGTERM);
}

#[test]
fn an_invalid_config_is_reported_before_the_terminal_is_touched() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("bad.toml");
    std::fs::write(
        &path,
        "[general]\npage_size = 20\ntabs = [\"home\", \"#\"]\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_skua"))
        .args(["--demo", "--config"])
        .arg(&path)
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.toml, line 3, key `general.tabs`"),
        "{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "nothing drawn: {:?}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn the_token_is_never_taken_from_the_command_line() {
    let output = Command::new(env!("CARGO_BIN_EXE_skua"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.contains("SKUA_TOKEN") && !help.contains("--token"),
        "{help}"
    );
    assert!(help.contains("Log file:"), "{help}");
}

/// Ctrl-Z is only meaningful under a shell with job control, so this one runs skua from bash.
#[test]
fn ctrl_z_hands_the_terminal_back_and_fg_takes_it_again() {
    let mut s = Session::start_with("bash", &["--norc", "--noprofile", "-i"]);
    s.wait_for("the shell prompt", |c| c.contains('$') || c.contains('#'));
    s.press("PS1='ready> '; \"$SKUA\" --demo\r");
    s.wait_for("the home timeline", shows_posts);
    s.press("\u{1a}");
    s.wait_for("the shell", |c| {
        c.contains("Stopped") && c.contains("ready> ")
    });
    {
        let parser = s.screen.lock().unwrap();
        assert!(!parser.screen().alternate_screen() && !parser.screen().hide_cursor());
    }
    s.press("fg\r");
    s.wait_for("the timeline again", shows_posts);
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    s.press("q");
    s.wait_for("the shell again", |c| c.trim_end().ends_with("ready>"));
    s.press("exit\r");
    s.wait_exit();
}
