//! The output directory is, at every moment, either the whole previous site or the whole new
//! one: builds killed at random moments, two builds at once, a directory made read-only, a
//! full disk, an output that is a symbolic link to another file system, or one of its
//! folders replaced by a link. Each case runs the real binary against the fixture site.
//!
//! `PASSERELLE_KILL_LOOP=N` sets the number of killed builds (default 40, a few seconds).

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

type Tree = Vec<(String, Vec<u8>)>;

/// The fixture site built with two base URLs: every page differs between the two.
struct Versions {
    dir: tempfile::TempDir,
    a: Tree,
    b: Tree,
}

const A: &str = "https://a.example.org/";
const B: &str = "https://b.example.org/sous-site/";

fn versions() -> Versions {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let built = |name: &str, base: &str| {
        let out = passerelle(
            dir.path(),
            &["build", "--quiet", "--out", name, "--base-url", base],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tree = tree(&dir.path().join(name));
        std::fs::remove_dir_all(dir.path().join(name)).unwrap();
        tree
    };
    let (a, b) = (built("ref-a", A), built("ref-b", B));
    assert_ne!(a, b);
    Versions { dir, a, b }
}

/// Which version `out` holds, or how it is neither.
fn whole(out: &Path, v: &Versions) -> Result<&'static str, String> {
    let now = tree(out);
    if now == v.a {
        return Ok(A);
    }
    if now == v.b {
        return Ok(B);
    }
    let from = |version: &Tree| now.iter().filter(|file| version.contains(file)).count();
    Err(format!(
        "{} files, {} as in version A, {} as in version B (A has {}, B {})",
        now.len(),
        from(&v.a),
        from(&v.b),
        v.a.len(),
        v.b.len()
    ))
}

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_passerelle"));
    command.env_remove("SOURCE_DATE_EPOCH");
    command
}

/// A pseudo-random number in `0..n` (xorshift): no dependency for a test's dice.
fn dice(state: &mut u64, n: u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state % n.max(1)
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let v = versions();
    let root = v.dir.path();
    let out = root.join("public");
    let build = |base: &str| {
        binary()
            .args(["build", "--quiet", "--out", "public", "--base-url", base])
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    assert!(build(A).wait().unwrap().success());
    // How long a whole build takes here, so that kills land anywhere in it, commit included.
    let mut took = Vec::new();
    for base in [B, A, B] {
        let started = Instant::now();
        assert!(build(base).wait().unwrap().success());
        took.push(started.elapsed());
    }
    took.sort();
    let span = took[1].as_micros() as u64 * 6 / 5;
    let rounds: usize = std::env::var("PASSERELLE_KILL_LOOP")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ span;
    let (mut finished, mut killed) = (0, 0);
    for round in 0..rounds {
        let before = whole(&out, &v).unwrap_or_else(|e| panic!("round {round}: {e}"));
        let next = if before == A { B } else { A };
        let mut child = build(next);
        std::thread::sleep(Duration::from_micros(dice(&mut seed, span)));
        match child.try_wait().unwrap() {
            Some(_) => finished += 1,
            None => {
                child.kill().unwrap();
                killed += 1;
            }
        }
        child.wait().unwrap();
        if let Err(e) = whole(&out, &v) {
            panic!("round {round}: a build killed on its way to {next} left a mix: {e}");
        }
    }
    eprintln!("{rounds} rounds: {killed} builds killed, {finished} finished first");
    assert!(killed > 0, "no build was killed: the timing is wrong");
    // The next build clears what the killed ones left.
    assert!(build(B).wait().unwrap().success());
    assert_eq!(whole(&out, &v), Ok(B));
    let left: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".passerelle-") && !n.ends_with(".passerelle-lock"))
        .collect();
    // Only the site this build replaced, which the next one deletes.
    assert_eq!(
        left,
        [".public.passerelle-trash"],
        "a killed build's staging was left"
    );
}

#[test]
fn two_builds_at_once_take_turns() {
    let v = versions();
    let root = v.dir.path();
    for _ in 0..5 {
        let children: Vec<_> = [A, B]
            .iter()
            .map(|base| {
                binary()
                    .args(["build", "--quiet", "--out", "public", "--base-url", base])
                    .current_dir(root)
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        whole(&root.join("public"), &v).unwrap();
    }
}

#[test]
fn the_dotfiles_of_a_deploy_checkout_and_kept_names_survive() {
    let v = versions();
    let root = v.dir.path();
    let out = root.join("public");
    let build = |base: &str| passerelle(root, &["build", "--quiet", "--base-url", base]);
    assert!(build(A).status.success());
    std::fs::create_dir_all(out.join(".git/objects")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(out.join(".nojekyll"), "").unwrap();
    std::fs::write(out.join("CNAME"), "partenariat.example.org\n").unwrap();
    let config = root.join("config.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}keep_in_output: [CNAME]\n")).unwrap();
    assert!(build(B).status.success());
    assert_eq!(read(out.join(".git/HEAD")), "ref: refs/heads/gh-pages\n");
    assert!(out.join(".git/objects").is_dir() && out.join(".nojekyll").is_file());
    assert_eq!(read(out.join("CNAME")), "partenariat.example.org\n");
}

#[test]
fn an_output_linked_to_another_file_system_is_updated_where_it_is() {
    let v = versions();
    let root = v.dir.path();
    let elsewhere = tempfile::tempdir_in("/dev/shm").unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("site"), root.join("public")).unwrap();
    for base in [A, B, A] {
        let out = passerelle(root, &["build", "--quiet", "--base-url", base]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(whole(&root.join("public"), &v), Ok(base));
    }
    assert!(root.join("public").is_symlink());
}

#[test]
fn a_folder_of_the_output_replaced_by_a_link_is_built_anew() {
    let v = versions();
    let root = v.dir.path();
    let out = root.join("public");
    assert!(
        passerelle(root, &["build", "--quiet", "--base-url", A])
            .status
            .success()
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("activities.csv"), "not the site's").unwrap();
    let data =
        v.a.iter()
            .find(|(p, _)| p.starts_with("data/"))
            .map(|(p, _)| p.clone());
    let data = data.expect("the site publishes open data");
    std::fs::remove_dir_all(out.join("data")).unwrap();
    std::os::unix::fs::symlink(outside.path(), out.join("data")).unwrap();
    assert!(
        passerelle(root, &["build", "--quiet", "--base-url", A])
            .status
            .success()
    );
    assert_eq!(whole(&out, &v), Ok(A), "{data} and the rest are back");
    assert!(!out.join("data").is_symlink());
    assert_eq!(
        read(outside.path().join("activities.csv")),
        "not the site's"
    );
}

#[test]
fn a_read_only_folder_in_the_output_does_not_leave_a_mix() {
    let v = versions();
    let root = v.dir.path();
    let out = as_unprivileged(
        root,
        &format!(
            r#"set -e
"$PASSERELLE" build --quiet --base-url {A}
chmod a-w public/fr
"$PASSERELLE" build --quiet --base-url {B}"#
        ),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(whole(&root.join("public"), &v), Ok(B), "{stderr}");
}

#[test]
fn a_read_only_parent_is_a_clear_error_and_the_site_stays() {
    let v = versions();
    let root = v.dir.path();
    let out = as_unprivileged(
        root,
        &format!(
            r#"mkdir site && "$PASSERELLE" build --quiet --out site/public --base-url {A} || exit 99
chmod a-w site
"$PASSERELLE" build --out site/public --base-url {B}
status=$?
chmod u+w site
exit $status"#
        ),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("site") && stderr.contains("Permission denied"),
        "{stderr}"
    );
    assert_eq!(whole(&root.join("site/public"), &v), Ok(A));
}

/// A full disk while the new site is staged: a small tmpfs mounted in a mount namespace of
/// the test's own (`unshare`), filled up after a first build.
#[test]
fn a_full_disk_is_a_clear_error_and_the_site_stays() {
    let v = versions();
    let root = v.dir.path();
    let script = format!(
        r#"set -u
mkdir -p disk before
mount -t tmpfs -o size=8m tmpfs disk || exit 97
"$PASSERELLE" build --quiet --out disk/public --base-url {A} || exit 98
cp -a disk/public/. before/
# Leave the disk a few kilobytes: the next build cannot stage its pages.
avail=$(df -k --output=avail disk | tail -n 1)
dd if=/dev/zero of=disk/filler bs=1k count=$((avail - 16)) 2>/dev/null
"$PASSERELLE" build --out disk/public --base-url {B}
status=$?
diff -r before disk/public >/dev/null || status=96
ls -a disk | grep -q 'passerelle-staging' && status=95
exit $status"#
    );
    let out = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", &script])
        .current_dir(root)
        .env("PASSERELLE", env!("CARGO_BIN_EXE_passerelle"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
}
