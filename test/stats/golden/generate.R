#!/usr/bin/env Rscript
# Golden values from R for kdlab's statistics engine: t.test (df, conf.int, stderr), p.adjust,
# power.t.test, pt/qt (central and noncentral), and noncentral-t confidence intervals for Cohen's d.
# Called by generate.py:  Rscript generate.R <pairs.txt> <quantiles.txt> <out.json>
# (pairs.txt: two lines per sample pair, values separated by spaces, written by generate.py).
args <- commandArgs(trailingOnly = TRUE)
lines <- readLines(args[1])
qlines <- readLines(args[2])
out_path <- args[3]

num <- function(x) {
  if (length(x) != 1) stop("scalar expected")
  if (is.na(x) && !is.nan(x)) return("null")
  if (is.nan(x)) return("\"NaN\"")
  if (is.infinite(x)) return(if (x > 0) "\"Infinity\"" else "\"-Infinity\"")
  sprintf("%.17g", x)
}
vec <- function(x) paste0("[", paste(vapply(x, num, ""), collapse = ","), "]")
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf("\"%s\":%s", names(kv), unlist(kv)), collapse = ","), "}")
}
str <- function(s) sprintf("\"%s\"", s)
bool <- function(b) if (b) "true" else "false"
parse <- function(l) as.numeric(strsplit(l, " ", fixed = TRUE)[[1]])

# ---- t.test
ttest <- character(0)
effect <- character(0)
npairs <- length(lines) / 2
for (i in seq_len(npairs)) {
  a <- parse(lines[2 * i - 1]); b <- parse(lines[2 * i])
  for (ev in c(TRUE, FALSE)) for (alt in c("two.sided", "less", "greater")) {
    r <- tryCatch(t.test(a, b, var.equal = ev, alternative = alt, conf.level = 0.95), error = function(e) NULL)
    if (is.null(r)) next
    ttest <- c(ttest, obj(pair = num(i - 1), equalVar = bool(ev), alternative = str(sub(".", "-", alt, fixed = TRUE)),
      df = num(unname(r$parameter)), ciLow = num(r$conf.int[1]), ciHigh = num(r$conf.int[2]),
      stderr = num(r$stderr), statistic = num(unname(r$statistic)), pvalue = num(r$p.value)))
  }
  # Cohen's d CI by inverting the noncentral t (as MBESS / effectsize do), 95%.
  n1 <- length(a); n2 <- length(b)
  sp <- sqrt(((n1 - 1) * var(a) + (n2 - 1) * var(b)) / (n1 + n2 - 2))
  if (sp > 0) {
    df <- n1 + n2 - 2
    tt <- (mean(a) - mean(b)) / (sp * sqrt(1 / n1 + 1 / n2))
    f <- function(ncp, target) pt(tt, df, ncp) - target
    width <- 10 + 2 * abs(tt)
    lo <- uniroot(f, c(tt - width, tt + width), target = 0.975, tol = 1e-13, extendInt = "downX")$root
    hi <- uniroot(f, c(tt - width, tt + width), target = 0.025, tol = 1e-13, extendInt = "downX")$root
    k <- sqrt(1 / n1 + 1 / n2)
    effect <- c(effect, obj(pair = num(i - 1), t = num(tt), ncpLow = num(lo), ncpHigh = num(hi),
      dLow = num(lo * k), dHigh = num(hi * k)))
  }
}

# ---- p.adjust
set.seed(20240229)
pvecs <- list(
  c(0.01, 0.02, 0.03, 0.04),
  c(0.04, 0.01, 0.03, 0.02, 0.5),
  c(1e-300, 1e-30, 0.001, 0.049, 0.05, 0.051, 0.9, 1),
  c(0.02, 0.02, 0.02, 0.5, 0.5, 0.001),
  c(0, 1, 0.5),
  c(0.3),
  c(0.04, 0.01),
  c(0.04, 0.01, 0.03),
  c(0.01, NA, 0.04, 0.03, NA),
  runif(20)^3,
  runif(200)^4,
  c(runif(50) * 1e-8, runif(50)),
  round(runif(40), 2)
)
methods <- c("holm", "hochberg", "hommel", "bonferroni", "BH", "BY", "none")
padj <- character(0)
for (p in pvecs) for (m in methods) {
  padj <- c(padj, obj(p = vec(p), method = str(tolower(m)), adjusted = vec(p.adjust(p, m))))
}

# ---- power.t.test
power <- character(0)
for (type in c("two.sample", "one.sample", "paired")) for (alt in c("two.sided", "one.sided")) for (strict in c(FALSE, TRUE)) {
  for (n in c(2, 3.5, 10, 64, 500)) for (delta in c(0.1, 0.5, 1.2)) {
    r <- power.t.test(n = n, delta = delta, sd = 1, sig.level = 0.05, type = type, alternative = alt, strict = strict)
    power <- c(power, obj(solve = str("power"), n = num(n), delta = num(delta), sd = num(1), sigLevel = num(0.05),
      type = str(type), alternative = str(sub(".", "-", alt, fixed = TRUE)), strict = bool(strict), power = num(r$power)))
  }
  for (delta in c(0.2, 0.5, 0.8, 2.5)) for (pw in c(0.8, 0.9)) {
    r <- power.t.test(delta = delta, power = pw, sd = 1, sig.level = 0.05, type = type, alternative = alt, strict = strict, tol = 1e-13)
    power <- c(power, obj(solve = str("n"), n = num(r$n), delta = num(delta), sd = num(1), sigLevel = num(0.05),
      type = str(type), alternative = str(sub(".", "-", alt, fixed = TRUE)), strict = bool(strict), power = num(pw)))
  }
}
r <- power.t.test(n = 20, delta = 3, sd = 4, sig.level = 0.01)
power <- c(power, obj(solve = str("power"), n = num(20), delta = num(3), sd = num(4), sigLevel = num(0.01),
  type = str("two.sample"), alternative = str("two-sided"), strict = bool(FALSE), power = num(r$power)))
# unequal group sizes (pwr.t2n.test's formula, evaluated with R's pt/qt)
unequal <- character(0)
for (nn in list(c(10, 20), c(5, 50), c(100, 30))) for (d in c(0.3, 0.8)) for (alt in c("two-sided", "one-sided")) {
  df <- nn[1] + nn[2] - 2
  ncp <- d * sqrt(nn[1] * nn[2] / (nn[1] + nn[2]))
  side <- if (alt == "two-sided") 2 else 1
  pw <- pt(qt(0.05 / side, df, lower = FALSE), df, ncp = ncp, lower = FALSE)
  unequal <- c(unequal, obj(nA = num(nn[1]), nB = num(nn[2]), delta = num(d), alternative = str(alt), power = num(pw)))
}

# ---- pt / qt
nct <- character(0)
for (t in c(-3, -1, 0.5, 1.96, 2, 4.5, 12)) for (df in c(3, 20, 57.5, 300)) for (ncp in c(-2, 0.4, 1.5, 3, 8)) {
  nct <- c(nct, obj(t = num(t), df = num(df), ncp = num(ncp), cdf = num(pt(t, df, ncp)), sf = num(pt(t, df, ncp, lower.tail = FALSE))))
}
qt_out <- character(0)
for (l in qlines) {
  v <- parse(l)
  qt_out <- c(qt_out, obj(p = num(v[1]), df = num(v[2]), q = num(qt(v[1], v[2]))))
}

json <- paste0("{\"generator\":\"test/stats/golden/generate.R\",\"R\":", str(R.version.string),
  ",\"tTest\":[", paste(ttest, collapse = ","), "]",
  ",\"effectCI\":[", paste(effect, collapse = ","), "]",
  ",\"pAdjust\":[", paste(padj, collapse = ","), "]",
  ",\"powerTTest\":[", paste(power, collapse = ","), "]",
  ",\"powerUnequal\":[", paste(unequal, collapse = ","), "]",
  ",\"nct\":[", paste(nct, collapse = ","), "]",
  ",\"qt\":[", paste(qt_out, collapse = ","), "]}")
writeLines(json, out_path)
