# Reference numbers for glm.test.ts and elasticNet.test.ts.
# Run from this folder:  Rscript reference.R   (Debian: r-base-core r-cran-mass r-cran-glmnet)
# Writes design.csv (x1..x3 binary, y_pois, y_nb) and reference.json.
suppressMessages(library(glmnet))
set.seed(20240607)
n <- 3000
x1 <- rbinom(n, 1, 0.30)
x2 <- rbinom(n, 1, 0.15)
x3 <- rbinom(n, 1, 0.50)
eta <- -1.2 + 1.1 * x1 + 0.7 * x2
y_pois <- rpois(n, exp(eta))
# NBII(mu, sigma): Var = mu (1 + sigma) ; size = mu / sigma, prob = 1 / (1 + sigma)
sigma <- 1.5
mu <- exp(eta)
y_nb <- rnbinom(n, size = mu / sigma, prob = 1 / (1 + sigma))
write.csv(data.frame(x1, x2, x3, y_pois, y_nb), "design.csv", row.names = FALSE)

pois <- glm(y_pois ~ x1 + x2 + x3, family = poisson)
ps <- summary(pois)$coefficients

# NBII log-likelihood (gamlss.dist::dNBII written out): dnbinom(y, size = mu/sigma, mu = mu)
nb2ll <- function(th, y) {
  b <- th[1:4]; s <- exp(th[5])
  m <- exp(b[1] + b[2] * x1 + b[3] * x2 + b[4] * x3)
  sum(dnbinom(y, size = m / s, mu = m, log = TRUE))
}
start <- c(coef(glm(y_nb ~ x1 + x2 + x3, family = poisson)), 0)
opt <- optim(start, function(t) -nb2ll(t, y_nb), method = "BFGS", control = list(reltol = 1e-14, maxit = 10000))
opt <- optim(opt$par, function(t) -nb2ll(t, y_nb), method = "Nelder-Mead", control = list(reltol = 1e-15, maxit = 20000))
opt <- optim(opt$par, function(t) -nb2ll(t, y_nb), method = "BFGS", control = list(reltol = 1e-16, maxit = 10000), hessian = TRUE)
nbse <- sqrt(diag(solve(opt$hessian)))

# Poisson fit on y_nb too (the NB data) for a second Poisson check
pois2 <- glm(y_nb ~ x1 + x2 + x3, family = poisson)

# glmnet: Poisson elastic net, alpha = 0.5, standardised, fixed lambda sequence, tight threshold
X <- cbind(x1, x2, x3)
fit <- glmnet(X, y_pois, family = "poisson", alpha = 0.5, standardize = TRUE, thresh = 1e-14, maxit = 1e6)
lam <- fit$lambda[c(5, 10, 20, 40)]
fit2 <- glmnet(X, y_pois, family = "poisson", alpha = 0.5, standardize = TRUE, thresh = 1e-14, maxit = 1e6, lambda = fit$lambda)
co <- as.matrix(coef(fit2, s = lam, exact = FALSE))

num <- function(v) paste0("[", paste(sprintf("%.12g", v), collapse = ","), "]")
out <- c(
  "{",
  sprintf('"poisson": {"coef": %s, "se": %s, "logLik": %.12g, "aic": %.12g},', num(coef(pois)), num(ps[, 2]), as.numeric(logLik(pois)), AIC(pois)),
  sprintf('"poissonOnNb": {"coef": %s, "se": %s, "logLik": %.12g},', num(coef(pois2)), num(summary(pois2)$coefficients[, 2]), as.numeric(logLik(pois2))),
  sprintf('"nbii": {"coef": %s, "logSigma": %.12g, "se": %s, "logLik": %.12g},', num(opt$par[1:4]), opt$par[5], num(nbse), -opt$value),
  sprintf('"glmnet": {"lambdaMax": %.12g, "lambda": %s, "intercept": %s, "x1": %s, "x2": %s, "x3": %s}', fit$lambda[1], num(lam), num(co[1, ]), num(co[2, ]), num(co[3, ]), num(co[4, ])),
  "}"
)
writeLines(out, "reference.json")
