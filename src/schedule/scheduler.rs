//! The scheduler loop: a [`Schedule`], a [`Clock`] and a shutdown signal in;
//! a job run at each scheduled time (never overlapping, missed times
//! skipped) and the number of runs out. It sleeps on tokio's clock, so
//! paused-time tests drive it.

use super::Schedule;
use std::future::Future;
use time::OffsetDateTime;
use tokio::sync::watch;

/// Where the scheduler reads wall-clock time from.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The system clock (production).
    System,
    /// `start` plus the tokio time elapsed since `at`: follows tokio's paused
    /// and auto-advanced clock in tests.
    Virtual {
        /// Wall-clock time at `at`.
        start: OffsetDateTime,
        /// The tokio instant that corresponds to `start`.
        at: tokio::time::Instant,
    },
}

impl Clock {
    /// A virtual clock reading `start` now and advancing with tokio time.
    pub fn starting_at(start: OffsetDateTime) -> Clock {
        Clock::Virtual {
            start,
            at: tokio::time::Instant::now(),
        }
    }

    /// The current wall-clock time (UTC).
    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Virtual { start, at } => *start + at.elapsed(),
        }
    }
}

/// Longest single sleep: the wall clock is re-read at least this often, so
/// clock steps and suspend/resume do not make a run late by more than this.
const MAX_NAP: std::time::Duration = std::time::Duration::from_secs(60);

/// [`run_scheduler_with`] on the system clock.
pub async fn run_scheduler<F, Fut>(
    schedule: &Schedule,
    shutdown: watch::Receiver<bool>,
    job: F,
) -> usize
where
    F: FnMut(OffsetDateTime) -> Fut,
    Fut: Future<Output = ()>,
{
    run_scheduler_with(schedule, Clock::System, shutdown, job).await
}

/// Sleeps until each scheduled time and runs `job(scheduled time)`, until
/// `shutdown` turns true: a shutdown while sleeping returns at once, one
/// during a job lets the job finish (the job may watch the same channel to
/// wind down early) and then returns. Runs never overlap: times that pass
/// while a job runs are skipped, not caught up. Returns how many jobs ran.
pub async fn run_scheduler_with<F, Fut>(
    schedule: &Schedule,
    clock: Clock,
    mut shutdown: watch::Receiver<bool>,
    mut job: F,
) -> usize
where
    F: FnMut(OffsetDateTime) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut runs = 0;
    let mut sender_alive = true;
    let mut next = schedule.next_after(clock.now());
    loop {
        if *shutdown.borrow_and_update() {
            return runs;
        }
        let now = clock.now();
        if now < next {
            let nap = (next - now).unsigned_abs().min(MAX_NAP);
            tracing::debug!("next run at {next}; sleeping {:.0} s", nap.as_secs_f64());
            if sender_alive {
                tokio::select! {
                    _ = tokio::time::sleep(nap) => {}
                    changed = shutdown.changed() => sender_alive = changed.is_ok(),
                }
            } else {
                tokio::time::sleep(nap).await;
            }
            continue;
        }
        tracing::debug!("run {} (scheduled for {next}) starting", runs + 1);
        job(next).await;
        runs += 1;
        next = schedule.next_after(clock.now().max(next));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::tests::{at, cron};
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    type Log = Arc<Mutex<Vec<OffsetDateTime>>>;
    type Job = Pin<Box<dyn Future<Output = ()>>>;

    /// A job that records its scheduled time and the virtual time it ran at.
    fn recorder(
        clock: Clock,
        log: &Log,
        ran: &Log,
        took: Duration,
    ) -> impl FnMut(OffsetDateTime) -> Job {
        let (log, ran) = (log.clone(), ran.clone());
        move |t| {
            let (log, ran) = (log.clone(), ran.clone());
            Box::pin(async move {
                ran.lock().unwrap().push(clock.now());
                tokio::time::sleep(took).await;
                log.lock().unwrap().push(t);
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn runs_at_each_time_until_shutdown() {
        let clock = Clock::starting_at(at(0, 30));
        let (tx, rx) = watch::channel(false);
        let (log, ran) = (Log::default(), Log::default());
        let sched = Schedule::from_options(None, Some("hour"), None).unwrap();
        let job = recorder(clock, &log, &ran, Duration::from_secs(300));
        let stopper = async {
            tokio::time::sleep(Duration::from_secs(3 * 3600)).await; // 03:30
            tx.send(true).unwrap();
        };
        let (n, ()) = tokio::join!(run_scheduler_with(&sched, clock, rx, job), stopper);
        assert_eq!(n, 3);
        let want = [at(1, 0), at(2, 0), at(3, 0)];
        assert_eq!(*log.lock().unwrap(), want);
        assert_eq!(*ran.lock().unwrap(), want, "each job started on time");
        // Shut down while sleeping: returned at once, at 03:30.
        assert_eq!(clock.now(), at(3, 30));
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_during_a_job_lets_it_finish() {
        let clock = Clock::starting_at(at(1, 59));
        let (tx, rx) = watch::channel(false);
        let (log, ran) = (Log::default(), Log::default());
        let sched = Schedule::from_options(Some("02:00"), None, None).unwrap();
        let job = recorder(clock, &log, &ran, Duration::from_secs(600));
        let stopper = async {
            tokio::time::sleep(Duration::from_secs(5 * 60)).await; // mid-job
            tx.send(true).unwrap();
        };
        let (n, ()) = tokio::join!(run_scheduler_with(&sched, clock, rx, job), stopper);
        assert_eq!(n, 1);
        assert_eq!(log.lock().unwrap().len(), 1, "the job completed");
        assert_eq!(clock.now(), at(2, 10));
    }

    #[tokio::test(start_paused = true)]
    async fn overrunning_job_skips_missed_times() {
        let clock = Clock::starting_at(at(0, 59));
        let (tx, rx) = watch::channel(false);
        let (log, ran) = (Log::default(), Log::default());
        let sched = cron("*/10 * * * *");
        // Each run takes 25 minutes: 01:00, then 01:30 (01:10 and 01:20 skipped), 02:00.
        let job = recorder(clock, &log, &ran, Duration::from_secs(25 * 60));
        let stopper = async {
            tokio::time::sleep(Duration::from_secs(61 * 60 + 30)).await; // 02:00:30
            tx.send(true).unwrap();
        };
        let (n, ()) = tokio::join!(run_scheduler_with(&sched, clock, rx, job), stopper);
        assert_eq!(n, 3);
        assert_eq!(*log.lock().unwrap(), [at(1, 0), at(1, 30), at(2, 0)]);
    }

    #[tokio::test(start_paused = true)]
    async fn already_shut_down_runs_nothing() {
        let (_tx, rx) = watch::channel(true);
        let (sched, clock) = (cron("* * * * *"), Clock::starting_at(at(0, 0)));
        let n = run_scheduler_with(&sched, clock, rx, |_| async {}).await;
        assert_eq!(n, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn dropped_sender_keeps_running() {
        let clock = Clock::starting_at(at(0, 0));
        let (tx, rx) = watch::channel(false);
        drop(tx);
        let count = Arc::new(Mutex::new(0));
        let c = count.clone();
        let sched = cron("* * * * *");
        let run = run_scheduler_with(&sched, clock, rx, move |_| {
            let c = c.clone();
            async move { *c.lock().unwrap() += 1 }
        });
        let _ = tokio::time::timeout(Duration::from_secs(5 * 60 + 30), run).await;
        assert_eq!(*count.lock().unwrap(), 5);
    }
}
