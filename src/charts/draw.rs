//! Drawing with plotters: horizontal bar charts (one series, or stacked series with a
//! legend) and the step chart of the membership over time.
//!
//! The layout is computed here, in whole user units, from `svg::text_width` and the text
//! extents of `svg`: labels are wrapped, columns and rows sized so that no two labels can
//! meet whatever sans-serif font the browser uses. plotters provides the coordinate
//! mapping, the axes, ticks and grid, and writes the SVG; every string arrives here already
//! translated and formatted.

use super::svg::{above_centre, below_centre, below_top, text_width};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The layouts of a chart. A chart is scaled to its column, so the size its text reads at
/// is the column's width over the viewBox's: one layout cannot suit both a phone's column
/// and a desktop's. Each chart is drawn twice, wide and narrow, and the theme shows the one
/// its column fits (a media query), each at a scale where 15 units of text read as at
/// least 16 px, the body's size:
/// - `Wide`: 540 units, shown at the site's measure (36rem, 576 px);
/// - `Print`: the wide layout of the annual report, 720 units, at the text width of an A4
///   page (174 mm, 658 px: text at 10.3 pt, the body is 10 pt), and on a screen where the
///   report's column is 48rem or more.
///   Wider than `Wide` for the same text, so its bars, at the same height per row, make a
///   shorter picture: the chart of 30 partners fits a printed page under the chapter's
///   title and its own;
/// - `Narrow`: 330 units, for a phone's column (358 px at 390 px wide) up to 26rem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Wide,
    Print,
    Narrow,
}

impl Frame {
    /// Width of the viewBox, in user units.
    pub fn width(self) -> u32 {
        match self {
            Frame::Wide => 540,
            Frame::Print => 720,
            Frame::Narrow => 330,
        }
    }

    /// Height of the step chart's plotting area.
    fn steps_height(self) -> f64 {
        match self {
            Frame::Wide | Frame::Print => 230.0,
            Frame::Narrow => 190.0,
        }
    }
}

const PAD: f64 = 8.0;
/// Font sizes, in user units: labels, legend and captions; values and ticks. The same, so
/// that no text of a chart reads smaller than the body.
const LABEL: f64 = 15.0;
const SMALL: f64 = 15.0;
const BAR: f64 = 16.0;
const SWATCH: f64 = 13.0;
/// Length of the tick marks; plotters puts tick labels twice as far from the axis.
const TICK: i32 = 5;
/// The step chart's year ticks, longer: the first year, centred on the corner, reaches left
/// under the level axis's "0", and must start below that label's foot.
const YEAR_TICK: i32 = 7;

/// The Okabe–Ito colours of mid luminance: told apart with any common colour-vision
/// deficiency, and at least 3:1 against both the light (#ffffff) and the dark (#14171b)
/// page background. Its orange, sky blue and yellow are too pale on white; its black would
/// vanish in the dark scheme (text and axes use `currentColor` instead).
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// For a fifth and sixth category: Okabe–Ito's orange darkened, and a violet, both above
/// 3:1 on either background (4.3:1 and 4.2:1 on white; 4.2:1 and 4.2:1 on the dark).
pub const OCHRE: RGBColor = RGBColor(0xA6, 0x6F, 0x00);
pub const VIOLET: RGBColor = RGBColor(0x94, 0x67, 0xBD);
/// A neutral grey (3.9:1 on white, 4.5:1 on the dark background), for "no value stated".
pub const GREY: RGBColor = RGBColor(0x80, 0x80, 0x80);
/// Text, axes and grid: plotters' black, which `svg::finish` turns into `currentColor`.
const INK: RGBColor = BLACK;

/// One series of a bar chart (a category, a status), with its colour.
pub struct Series {
    pub name: String,
    pub color: RGBColor,
}

/// One bar: its label, one value per series (stacked in series order) and the text written
/// after it.
pub struct Bar {
    pub label: String,
    pub values: Vec<usize>,
    pub value_label: String,
}

pub struct BarChart<'a> {
    /// Shown in a legend when there are several.
    pub series: Vec<Series>,
    pub bars: Vec<Bar>,
    /// The caption under the value axis.
    pub axis: String,
    /// A tick value as the language writes it.
    pub tick: &'a dyn Fn(usize) -> String,
}

/// How a step chart's line is drawn.
#[derive(Clone, Copy)]
pub enum Stroke {
    Solid(RGBColor),
    Dashed(RGBColor),
}

/// A point of the step line: the level after a change.
pub struct Step {
    /// In years (2017.85 is early November 2017).
    pub x: f64,
    pub level: usize,
    /// The level counting what is only planned (drawn dashed where it differs).
    pub planned: usize,
}

pub struct StepChart<'a> {
    pub steps: Vec<Step>,
    /// Dates (in years) of a notable end, drawn as a dashed vertical line.
    pub marks: Vec<f64>,
    /// Legend entries: the line, the planned line, the marks.
    pub legend: Vec<(Stroke, String)>,
    pub line: Stroke,
    pub planned_line: Stroke,
    pub mark_line: Stroke,
    /// The caption above the value axis.
    pub axis: String,
    pub tick: &'a dyn Fn(usize) -> String,
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn<T> = Result<T, String>;

fn failed<E: std::fmt::Debug>(e: E) -> String {
    format!("drawing a chart failed: {e:?}")
}

/// Greedy wrapping at spaces (never at the no-break spaces of "12 %") into lines no wider
/// than `max`; a word wider than `max` stays alone on its line.
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || text_width(&candidate, size) <= max {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Like `wrap`, with lines of even length: the narrowest width that needs no more lines
/// ("Ensuring online safety / and security for all", not "… security for / all").
pub fn wrap_even(text: &str, size: f64, max: f64) -> Vec<String> {
    let lines = wrap(text, size, max);
    if lines.len() < 2 {
        return lines;
    }
    let step = text_width("x", size);
    let mut width = max;
    let mut best = lines.clone();
    while width > step {
        width -= step;
        let narrower = wrap(text, size, width);
        if narrower.len() > lines.len() || narrower.iter().any(|l| text_width(l, size) > width) {
            break;
        }
        best = narrower;
    }
    best
}

/// Distance between the centres of two lines of a paragraph.
fn pitch(size: f64) -> f64 {
    above_centre(size) + below_centre(size) + 1.0
}

/// Height of a block of `lines` lines.
fn block_height(lines: usize, size: f64) -> f64 {
    (lines.max(1) - 1) as f64 * pitch(size) + above_centre(size) + below_centre(size)
}

fn text(area: &Area, s: &str, (x, y): (f64, f64), size: f64, h: HPos) -> Drawn<()> {
    // plotters writes `font-size` as the size it is given divided by 1.24.
    let style = TextStyle::from(("sans-serif", size * 1.24).into_font())
        .color(&INK)
        .pos(Pos::new(h, VPos::Center));
    area.draw_text(s, &style, (x.round() as i32, y.round() as i32))
        .map_err(failed)
}

/// Lines of text centred on `ys` from the first line's centre `y`; returns the last centre.
fn lines(area: &Area, lines: &[String], x: f64, y: f64, size: f64, h: HPos) -> Drawn<f64> {
    let mut centre = y;
    for (i, line) in lines.iter().enumerate() {
        centre = y + i as f64 * pitch(size);
        text(area, line, (x, centre), size, h)?;
    }
    Ok(centre)
}

/// Ticks of a value axis from 0: the smallest round step that keeps at most six ticks and
/// leaves room between their labels. Returns (axis maximum, ticks).
fn ticks(max: usize, room: f64, space_needed: &dyn Fn(usize) -> f64) -> (usize, Vec<usize>) {
    let max = max.max(1);
    let mut magnitude = 1;
    loop {
        for unit in [1, 2, 5] {
            let step = unit * magnitude;
            let top = max.div_ceil(step) * step;
            let count = top / step;
            let spacing = room * step as f64 / top as f64;
            let widest = (0..=count)
                .map(|i| space_needed(i * step))
                .fold(0.0, f64::max);
            if count <= 6 && spacing >= widest {
                return (top, (0..=count).map(|i| i * step).collect());
            }
        }
        magnitude *= 10;
    }
}

fn legend_entry_height(lines: usize) -> f64 {
    block_height(lines, LABEL).max(SWATCH)
}

/// What a legend entry shows before its text.
#[derive(Clone, Copy)]
enum Swatch {
    /// A bar's colour.
    Block(RGBColor),
    /// A line as the chart draws it.
    Line(Stroke),
}

/// The most columns a legend takes, and the space between two.
const LEGEND_COLUMNS: usize = 3;
const LEGEND_GAP: f64 = 16.0;

/// A legend laid out: where each entry goes, with its text's lines, and the height of the
/// whole.
struct Legend {
    /// (left, top, lines) of each entry, in the order of the names.
    entries: Vec<(f64, f64, Vec<String>)>,
    height: f64,
}

/// Lays the legend's `names` out on a chart `width` wide: in as many columns as let every
/// name stand on one line (at most [`LEGEND_COLUMNS`]), read row by row as the bars' colours
/// are, else one entry a line, each wrapped as it needs. Five entries one a line took as
/// much height as the plot of a small chart.
fn legend_layout(names: &[&str], width: f64) -> Legend {
    let inner = width - 2.0 * PAD;
    let text_width_in = |column: f64| column - SWATCH - 6.0;
    for columns in (2..=LEGEND_COLUMNS.min(names.len())).rev() {
        let column = (inner - (columns - 1) as f64 * LEGEND_GAP) / columns as f64;
        if names
            .iter()
            .all(|name| text_width(name, LABEL) <= text_width_in(column))
        {
            let row = legend_entry_height(1) + 4.0;
            let entries = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let left = PAD + (i % columns) as f64 * (column + LEGEND_GAP);
                    let top = PAD + (i / columns) as f64 * row;
                    (left, top, vec![(*name).to_string()])
                })
                .collect();
            return Legend {
                entries,
                height: names.len().div_ceil(columns) as f64 * row,
            };
        }
    }
    let mut top = PAD;
    let entries = names
        .iter()
        .map(|name| {
            let lines = wrap_even(name, LABEL, text_width_in(inner));
            let entry = (PAD, top, lines);
            top += legend_entry_height(entry.2.len()) + 4.0;
            entry
        })
        .collect();
    Legend {
        entries,
        height: top - PAD,
    }
}

/// Draws the legend: each entry's swatch, then its text beside it.
fn legend(area: &Area, legend: &Legend, swatches: &[Swatch]) -> Drawn<()> {
    for ((left, top, text_lines), swatch) in legend.entries.iter().zip(swatches) {
        let height = legend_entry_height(text_lines.len());
        let centre = (top + height / 2.0).round() as i32;
        let left_px = *left as i32;
        match *swatch {
            Swatch::Block(color) => {
                let swatch_top = centre - (SWATCH / 2.0) as i32;
                area.draw(&Rectangle::new(
                    [
                        (left_px, swatch_top),
                        (left_px + SWATCH as i32, swatch_top + SWATCH as i32),
                    ],
                    color.filled(),
                ))
                .map_err(failed)?;
            }
            Swatch::Line(stroke) => stroke_path(
                area,
                vec![(left_px, centre), (left_px + (SWATCH + 2.0) as i32, centre)],
                stroke,
            )?,
        }
        let first =
            top + (height - block_height(text_lines.len(), LABEL)) / 2.0 + above_centre(LABEL);
        lines(
            area,
            text_lines,
            left + SWATCH + 6.0,
            first,
            LABEL,
            HPos::Left,
        )?;
    }
    Ok(())
}

/// A horizontal bar chart. Labels go left of the bars when each fits on two lines in 45 %
/// of the width, else above its bar on the whole width; values go after the bars.
pub fn bar_chart(chart: &BarChart, frame: Frame) -> Drawn<(String, u32)> {
    let width = f64::from(frame.width());
    let inner = width - 2.0 * PAD;

    let names: Vec<&str> = match chart.series.len() {
        0 | 1 => Vec::new(),
        _ => chart.series.iter().map(|s| s.name.as_str()).collect(),
    };
    let key = legend_layout(&names, width);
    let plot_top = PAD + key.height + if names.is_empty() { 0.0 } else { 6.0 };

    let column = (0.45 * inner).floor();
    let left_lines: Vec<Vec<String>> = chart
        .bars
        .iter()
        .map(|b| wrap_even(&b.label, LABEL, column))
        .collect();
    let labels_left = left_lines
        .iter()
        .all(|l| l.len() <= 2 && l.iter().all(|line| text_width(line, LABEL) <= column));
    let label_lines = if labels_left {
        left_lines
    } else {
        chart
            .bars
            .iter()
            .map(|b| wrap_even(&b.label, LABEL, inner))
            .collect()
    };
    let label_width = if labels_left {
        label_lines
            .iter()
            .flatten()
            .map(|l| text_width(l, LABEL))
            .fold(0.0, f64::max)
            .ceil()
    } else {
        0.0
    };
    let bar_left = PAD + if labels_left { label_width + 8.0 } else { 0.0 };
    let value_width = chart
        .bars
        .iter()
        .map(|b| text_width(&b.value_label, SMALL))
        .fold(0.0, f64::max)
        .ceil()
        + 6.0;
    let max_total = chart
        .bars
        .iter()
        .map(|b| b.values.iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    let tick_half = |v: usize| text_width(&(chart.tick)(v), SMALL) / 2.0;
    // The last tick label is centred on the axis end: keep its half inside the picture.
    let widest_tick = tick_half(max_total.max(1) * 10);
    let bar_right = (width - PAD - value_width.max(widest_tick)).floor();
    let (axis_max, tick_values) = ticks(max_total, bar_right - bar_left, &|v| {
        2.0 * tick_half(v) + 6.0
    });

    // Rows: where each label line and bar goes.
    struct Placed {
        first_line: f64,
        bar_top: f64,
    }
    let mut y = plot_top;
    let mut placed = Vec::new();
    for lines in &label_lines {
        if labels_left {
            let row = block_height(lines.len(), LABEL).max(BAR);
            let centre = y + (row / 2.0).round();
            placed.push(Placed {
                first_line: centre - (block_height(lines.len(), LABEL) / 2.0).round()
                    + above_centre(LABEL),
                bar_top: centre - BAR / 2.0,
            });
            y += row + 4.0;
        } else {
            let first_line = y + above_centre(LABEL);
            let last_line = first_line + (lines.len() - 1) as f64 * pitch(LABEL);
            let bar_top = last_line + below_centre(LABEL) + 3.0;
            placed.push(Placed {
                first_line,
                bar_top,
            });
            y = bar_top + BAR + 10.0;
        }
    }
    let plot_bottom = y;
    let axis_height = (2 * TICK) as f64 + below_top(SMALL) + 2.0;
    let caption = wrap_even(&chart.axis, LABEL, inner);
    let caption_top = plot_bottom + axis_height + 4.0;
    let height = caption_top + block_height(caption.len(), LABEL) + PAD;
    let height = height.ceil() as u32;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (frame.width(), height)).into_drawing_area();
        let swatches: Vec<Swatch> = chart
            .series
            .iter()
            .map(|s| Swatch::Block(s.color))
            .collect();
        legend(&root, &key, &swatches)?;

        let axis_max = axis_max as i32;
        let mut cartesian = ChartBuilder::on(&root)
            .margin_left(bar_left as u32)
            .margin_right((width - bar_right) as u32)
            .margin_top(plot_top as u32)
            .margin_bottom(height - (plot_bottom + axis_height) as u32)
            .x_label_area_size(axis_height as u32)
            .build_cartesian_2d(
                (0..axis_max).with_key_points(tick_values.iter().map(|&v| v as i32).collect()),
                0..1,
            )
            .map_err(failed)?;
        let format_tick = |v: &i32| (chart.tick)(*v as usize);
        let mut mesh = cartesian.configure_mesh();
        mesh.disable_y_mesh()
            .x_label_formatter(&format_tick)
            .x_label_style(TextStyle::from(("sans-serif", SMALL * 1.24).into_font()).color(&INK))
            .axis_style(INK)
            .bold_line_style(INK.mix(0.18))
            .light_line_style(TRANSPARENT)
            .set_tick_mark_size(LabelAreaPosition::Bottom, TICK);
        if !labels_left {
            // Labels sit in the plotting area, above their bars: no grid through them.
            mesh.disable_x_mesh();
        }
        mesh.draw().map_err(failed)?;
        let px = |v: usize| cartesian.backend_coord(&(v as i32, 0)).0;

        if labels_left {
            // The zero line; with labels above the bars it would run into their first letter.
            root.draw(&PathElement::new(
                vec![(px(0), plot_top as i32), (px(0), plot_bottom as i32)],
                INK.stroke_width(1),
            ))
            .map_err(failed)?;
        }
        for ((bar, lines), place) in chart.bars.iter().zip(&label_lines).zip(&placed) {
            let (label_x, anchor) = if labels_left {
                (bar_left - 8.0, HPos::Right)
            } else {
                (PAD, HPos::Left)
            };
            self::lines(&root, lines, label_x, place.first_line, LABEL, anchor)?;
            let top = place.bar_top as i32;
            let mut start = 0;
            for (value, series) in bar.values.iter().zip(&chart.series) {
                if *value == 0 {
                    continue;
                }
                let end = start + value;
                // A one-unit gap shows the page between stacked segments.
                let left = px(start) + if start > 0 { 1 } else { 0 };
                root.draw(&Rectangle::new(
                    [(left, top), (px(end), top + BAR as i32)],
                    series.color.filled(),
                ))
                .map_err(failed)?;
                start = end;
            }
            text(
                &root,
                &bar.value_label,
                (px(start) as f64 + 5.0, place.bar_top + BAR / 2.0),
                SMALL,
                HPos::Left,
            )?;
        }
        self::lines(
            &root,
            &caption,
            width / 2.0,
            caption_top + above_centre(LABEL),
            LABEL,
            HPos::Center,
        )?;
        root.present().map_err(failed)?;
    }
    Ok((svg, height))
}

fn stroke_path(area: &Area, points: Vec<(i32, i32)>, stroke: Stroke) -> Drawn<()> {
    match stroke {
        Stroke::Solid(color) => area
            .draw(&PathElement::new(points, color.stroke_width(3)))
            .map_err(failed),
        Stroke::Dashed(color) => area
            .draw(&DashedPathElement::new(points, 6, 4, color.stroke_width(3)))
            .map_err(failed),
    }
}

/// A step line over years, with a legend above and a caption over the value axis.
pub fn step_chart(chart: &StepChart, frame: Frame) -> Drawn<(String, u32)> {
    let width = f64::from(frame.width());
    let steps_height = frame.steps_height();
    let names: Vec<&str> = chart.legend.iter().map(|(_, name)| name.as_str()).collect();
    let key = legend_layout(&names, width);
    let caption_centre = PAD + key.height + 6.0 + above_centre(LABEL);
    // The top tick label is centred on the plot's top edge: keep the caption above it.
    let plot_top = caption_centre + below_centre(LABEL) + above_centre(SMALL) + 2.0;
    let plot_bottom = plot_top + steps_height;
    let axis_height = (2 * YEAR_TICK) as f64 + below_top(SMALL) + 2.0;
    let height = (plot_bottom + axis_height + PAD).ceil() as u32;

    let first_year = chart
        .steps
        .iter()
        .map(|s| s.x.floor() as i32)
        .min()
        .unwrap_or(0);
    let last_year = chart
        .steps
        .iter()
        .map(|s| s.x.floor() as i32 + 1)
        .max()
        .unwrap_or(first_year + 1);
    let max_level = chart
        .steps
        .iter()
        .map(|s| s.planned.max(s.level))
        .max()
        .unwrap_or(0);
    let (axis_max, tick_values) = ticks(max_level, steps_height, &|_| {
        above_centre(SMALL) + below_centre(SMALL) + 2.0
    });
    let y_label_width = tick_values
        .iter()
        .map(|&v| text_width(&(chart.tick)(v), SMALL))
        .fold(0.0, f64::max)
        .ceil()
        + (2 * TICK) as f64
        + 2.0;
    let year_half = text_width("2000", SMALL) / 2.0;
    // The first year's label is centred on the axis start, the last on its end.
    let plot_left = PAD + y_label_width.max(year_half);
    let plot_right = width - PAD - year_half;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (frame.width(), height)).into_drawing_area();
        let swatches: Vec<Swatch> = chart
            .legend
            .iter()
            .map(|(stroke, _)| Swatch::Line(*stroke))
            .collect();
        legend(&root, &key, &swatches)?;
        text(&root, &chart.axis, (PAD, caption_centre), LABEL, HPos::Left)?;

        // Positions in thousandths of a year: plotters formats ticks of integer axes only.
        let milli = |years: f64| (years * 1000.0).round() as i32;
        let years: Vec<i32> = (first_year..=last_year).map(|y| y * 1000).collect();
        let levels: Vec<i32> = tick_values.iter().map(|&v| v as i32).collect();
        let mut cartesian = ChartBuilder::on(&root)
            .margin_left((plot_left - y_label_width) as u32)
            .margin_right((width - plot_right) as u32)
            .margin_top(plot_top as u32)
            .margin_bottom(height - (plot_bottom + axis_height) as u32)
            .x_label_area_size(axis_height as u32)
            .y_label_area_size(y_label_width as u32)
            .build_cartesian_2d(
                (first_year * 1000..last_year * 1000).with_key_points(years),
                (0..axis_max as i32).with_key_points(levels),
            )
            .map_err(failed)?;
        let small = || TextStyle::from(("sans-serif", SMALL * 1.24).into_font()).color(&INK);
        cartesian
            .configure_mesh()
            .x_label_formatter(&|milli_year| format!("{}", milli_year / 1000))
            .y_label_formatter(&|v| (chart.tick)(*v as usize))
            .x_label_style(small())
            .y_label_style(small())
            .axis_style(INK)
            .bold_line_style(INK.mix(0.18))
            .light_line_style(TRANSPARENT)
            .set_tick_mark_size(LabelAreaPosition::Left, TICK)
            .set_tick_mark_size(LabelAreaPosition::Bottom, YEAR_TICK)
            .draw()
            .map_err(failed)?;
        let at = |x: f64, y: usize| cartesian.backend_coord(&(milli(x), y as i32));
        let end_x = f64::from(last_year);

        for &mark in &chart.marks {
            stroke_path(
                &root,
                vec![at(mark, 0), at(mark, axis_max)],
                chart.mark_line,
            )?;
        }
        // The planned level first, so that the actual line is drawn over it.
        if let Some(first_planned) = chart.steps.iter().position(|s| s.planned != s.level) {
            let mut points = vec![at(
                chart.steps[first_planned].x,
                chart.steps[first_planned].level,
            )];
            for (i, step) in chart.steps.iter().enumerate().skip(first_planned) {
                points.push(at(step.x, step.planned));
                let next = chart.steps.get(i + 1).map_or(end_x, |s| s.x);
                points.push(at(next, step.planned));
            }
            stroke_path(&root, points, chart.planned_line)?;
        }
        let mut points = Vec::new();
        let mut level = 0;
        for step in &chart.steps {
            points.push(at(step.x, level));
            points.push(at(step.x, step.level));
            level = step.level;
        }
        points.push(at(end_x, level));
        stroke_path(&root, points, chart.line)?;
        // A dot where the line moves (not where only the planned level does).
        let color = match chart.line {
            Stroke::Solid(c) | Stroke::Dashed(c) => c,
        };
        let mut level = 0;
        for step in &chart.steps {
            if step.level != level {
                root.draw(&Circle::new(at(step.x, step.level), 3, color.filled()))
                    .map_err(failed)?;
            }
            level = step.level;
        }
        root.present().map_err(failed)?;
    }
    Ok((svg, height))
}

#[cfg(test)]
mod tests {
    use super::super::svg::layout_problems;
    use super::*;
    use std::collections::BTreeSet;

    fn finished(svg: &str) -> String {
        super::super::svg::finish(svg, "t", "title", "desc")
    }

    #[test]
    fn legends_take_columns_when_every_name_fits_on_one_line() {
        let short = [
            "Completed",
            "Finished",
            "In progress",
            "In preparation",
            "Not stated",
        ];
        let key = legend_layout(&short, 540.0);
        let lefts: BTreeSet<u64> = key.entries.iter().map(|e| e.0 as u64).collect();
        assert!(lefts.len() >= 2, "{lefts:?}");
        // Read row by row: the second entry beside the first, on its line.
        assert_eq!(key.entries[0].1, key.entries[1].1);
        assert!(key.entries[1].0 > key.entries[0].0);
        assert!(key.entries.iter().all(|e| e.2.len() == 1));
        let rows = short.len().div_ceil(lefts.len());
        assert_eq!(key.height, rows as f64 * (legend_entry_height(1) + 4.0));
        // Each column's names end before the next column starts.
        for (left, _, lines) in &key.entries {
            let right = left + SWATCH + 6.0 + text_width(&lines[0], LABEL);
            assert!(
                key.entries
                    .iter()
                    .all(|other| other.0 <= *left || other.0 > right)
            );
            assert!(right <= 540.0 - PAD);
        }

        // A name too long for half the width: one entry a line, wrapped when needed.
        let long = [
            "Completed",
            "End of the partnership with Sberbank, 4 March 2022, and a good deal more words",
        ];
        let key = legend_layout(&long, 330.0);
        assert!(key.entries.iter().all(|e| e.0 == PAD));
        assert!(key.entries[1].2.len() > 1);
        assert!(key.entries[1].1 > key.entries[0].1);
        assert_eq!(legend_layout(&[], 540.0).height, 0.0);
    }

    #[test]
    fn wrapping_keeps_no_break_spaces_and_fits() {
        assert_eq!(
            wrap("European Digital SME Alliance", 13.0, 160.0),
            ["European Digital", "SME Alliance"]
        );
        assert_eq!(wrap("12\u{202f}%", 13.0, 10.0), ["12\u{202f}%"]);
    }

    #[test]
    fn even_wrapping_balances_lines() {
        assert_eq!(
            wrap_even("Ensuring online safety and security for all", 14.0, 430.0),
            ["Ensuring online safety and security for all"]
        );
        assert_eq!(
            wrap_even("Ensuring online safety and security for all", 14.0, 384.0),
            ["Ensuring online safety", "and security for all"]
        );
    }

    #[test]
    fn ticks_are_round_and_spaced() {
        let (max, values) = ticks(18, 150.0, &|_| 20.0);
        assert_eq!(max, 20);
        assert_eq!(values, [0, 5, 10, 15, 20]);
        let (max, values) = ticks(0, 150.0, &|_| 20.0);
        assert_eq!((max, values.len()), (1, 2));
    }

    #[test]
    fn long_and_many_labels_do_not_collide() {
        let tick = |v: usize| v.to_string();
        // Labels above their bars (too long for the left column), then beside them (one
        // wrapped on two lines), then a single bar.
        let sets: [&[&str]; 3] = [
            &[
                "Égalité des sexes et violence à l’égard des femmes",
                "Lutte contre la traite des êtres humains",
                "AT&T",
            ],
            &["European Digital SME Alliance", "AT&T", "Deutsche Telekom"],
            &["Microsoft"],
        ];
        for (set, names) in sets.iter().enumerate() {
            let chart = BarChart {
                series: vec![
                    Series {
                        name: "Normalisation contraignante".into(),
                        color: BLUE,
                    },
                    Series {
                        name:
                            "Conférences, tables rondes, webinaires, et encore bien d’autres choses"
                                .into(),
                        color: GREEN,
                    },
                ],
                bars: names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| Bar {
                        label: n.to_string(),
                        values: vec![i * 7, 3],
                        value_label: format!("{} (100\u{202f}%)", i * 7 + 3),
                    })
                    .collect(),
                axis: "Nombre d’activités du plan de travail auxquelles le partenaire a pris part"
                    .into(),
                tick: &tick,
            };
            for frame in [Frame::Wide, Frame::Print, Frame::Narrow] {
                let (svg, _) = bar_chart(&chart, frame).unwrap();
                let problems = layout_problems(&finished(&svg));
                assert!(problems.is_empty(), "{frame:?}: {problems:#?}\n{svg}");
                if frame == Frame::Wide {
                    let right_aligned = svg.contains(r#"text-anchor="end""#);
                    assert_eq!(
                        right_aligned,
                        set > 0,
                        "labels beside the bars in set {set}"
                    );
                }
            }
        }
    }

    #[test]
    fn step_chart_labels_do_not_collide() {
        let tick = |v: usize| v.to_string();
        let chart = StepChart {
            steps: vec![
                Step {
                    x: 2017.85,
                    level: 14,
                    planned: 14,
                },
                Step {
                    x: 2020.1,
                    level: 20,
                    planned: 20,
                },
                Step {
                    x: 2022.2,
                    level: 25,
                    planned: 25,
                },
                Step {
                    x: 2022.5,
                    level: 25,
                    planned: 28,
                },
            ],
            marks: vec![2022.2],
            legend: vec![
                (Stroke::Solid(BLUE), "Partenaires".into()),
                (
                    Stroke::Dashed(GREEN),
                    "Avec les partenaires qui doivent rejoindre le partenariat".into(),
                ),
                (
                    Stroke::Dashed(VERMILLION),
                    "Fin du partenariat avec Sberbank, 4 mars 2022".into(),
                ),
            ],
            line: Stroke::Solid(BLUE),
            planned_line: Stroke::Dashed(GREEN),
            mark_line: Stroke::Dashed(VERMILLION),
            axis: "Nombre de partenaires".into(),
            tick: &tick,
        };
        for frame in [Frame::Wide, Frame::Print, Frame::Narrow] {
            let (svg, _) = step_chart(&chart, frame).unwrap();
            let problems = layout_problems(&finished(&svg));
            assert!(problems.is_empty(), "{frame:?}: {problems:#?}\n{svg}");
        }
    }
}
