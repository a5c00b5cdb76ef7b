//! How often the charts are drawn again: at most once per `INTERVAL_MS`, and the newest data
//! always drawn in the end. Plotters measures each label through the page's layout, so a
//! redraw on each of the twenty ticks a second playing makes would cost whole frames.
//!
//! Pure bookkeeping over times the caller reads from the browser; schedules nothing itself.

/// The shortest time between two drawings, in milliseconds.
pub const INTERVAL_MS: f64 = 250.0;

/// When the charts were last drawn, and whether a later drawing is already planned.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pacer {
    last: Option<f64>,
    planned: bool,
}

/// What to do with charts that just arrived.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Redraw {
    /// Draw them now.
    Now,
    /// Draw the newest data after this many milliseconds.
    After(f64),
    /// A drawing is planned already; it will take the newest data.
    Planned,
}

impl Pacer {
    /// New data arrived at `now` (milliseconds).
    pub fn arrived(&mut self, now: f64) -> Redraw {
        if self.planned {
            return Redraw::Planned;
        }
        match self.last.map(|last| last + INTERVAL_MS - now).filter(|&wait| wait > 0.0) {
            Some(wait) => {
                self.planned = true;
                Redraw::After(wait)
            }
            None => {
                self.last = Some(now);
                Redraw::Now
            }
        }
    }

    /// The planned drawing happens at `now`.
    pub fn drawn(&mut self, now: f64) {
        self.planned = false;
        self.last = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_charts_are_drawn_at_once() {
        assert_eq!(Pacer::default().arrived(1_000.0), Redraw::Now);
    }

    #[test]
    fn twenty_ticks_a_second_draw_four_times_and_the_last_data_is_drawn() {
        let mut pacer = Pacer::default();
        let mut drawn = Vec::new();
        let mut planned_at = None;
        for tick in 0..20 {
            let now = tick as f64 * 50.0;
            if let Some(at) = planned_at.filter(|&at| at <= now) {
                pacer.drawn(at);
                drawn.push(at);
                planned_at = None;
            }
            match pacer.arrived(now) {
                Redraw::Now => drawn.push(now),
                Redraw::After(wait) => planned_at = Some(now + wait),
                Redraw::Planned => assert!(planned_at.is_some(), "planned, yet nothing waits at tick {tick}"),
            }
        }
        // The data of the last tick is still waiting for its drawing.
        assert_eq!(planned_at, Some(1_000.0));
        assert_eq!(drawn, vec![0.0, 250.0, 500.0, 750.0]);
    }

    #[test]
    fn a_step_long_after_the_last_drawing_is_drawn_at_once() {
        let mut pacer = Pacer::default();
        pacer.arrived(0.0);
        assert_eq!(pacer.arrived(100.0), Redraw::After(150.0));
        pacer.drawn(250.0);
        assert_eq!(pacer.arrived(5_000.0), Redraw::Now);
    }
}
