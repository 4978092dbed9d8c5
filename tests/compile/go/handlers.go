// Package handlers holds the mistakes statuslint fixes, on net/http (routed by chi), gin and
// echo; fixed.go is what `statuslint check --unsafe-fixes` makes of it. Both build against
// Debian's packages (tests/compile/go/run.sh).
package handlers

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/labstack/echo/v4"
)

// Router routes the net/http handlers with chi.
func Router() http.Handler {
	r := chi.NewRouter()
	r.Get("/me", me)
	r.Get("/hello", hello)
	r.Get("/old", old)
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusMethodNotAllowed)
	})
	return r
}

func me(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	fmt.Fprintln(w, "welcome")
}

func hello(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "hello %s", r.URL.Path)
	w.Header().Set("Content-Type", "text/plain")
}

func old(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusFound)
}

// Gin routes the gin handlers.
func Gin() *gin.Engine {
	g := gin.New()
	g.GET("/me", ginMe)
	g.DELETE("/items/:id", ginDelete)
	g.GET("/late", ginLate)
	g.Any("/items", ginItems)
	return g
}

func ginMe(c *gin.Context) {
	if c.GetHeader("Authorization") == "" {
		c.JSON(http.StatusUnauthorized, gin.H{"error": "login required"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": c.GetString("user")})
}

func ginDelete(c *gin.Context) {
	c.JSON(http.StatusNoContent, gin.H{"deleted": c.Param("id")})
}

func ginLate(c *gin.Context) {
	c.AbortWithStatus(http.StatusUnauthorized)
	c.Header("WWW-Authenticate", `Bearer realm="api"`)
}

func ginItems(c *gin.Context) {
	if c.Request.Method != http.MethodGet {
		c.String(http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	c.JSON(http.StatusOK, []string{"a"})
}

// Echo routes the echo handlers.
func Echo() *echo.Echo {
	e := echo.New()
	e.GET("/me", echoMe)
	e.GET("/profile", echoProfile)
	e.POST("/items", echoCreate)
	e.GET("/tagged", echoTagged)
	return e
}

func echoMe(c echo.Context) error {
	if c.Request().Header.Get("Authorization") == "" {
		return echo.NewHTTPError(http.StatusUnauthorized, "login required")
	}
	return c.JSON(http.StatusOK, echo.Map{"user": c.Get("user")})
}

func echoProfile(c echo.Context) error {
	if c.QueryParam("token") == "" {
		return echo.ErrUnauthorized
	}
	return c.String(http.StatusOK, "profile")
}

func echoCreate(c echo.Context) error {
	var item struct {
		Name string `json:"name"`
	}
	if err := c.Bind(&item); err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	return c.JSON(http.StatusNoContent, echo.Map{"created": true})
}

func echoTagged(c echo.Context) error {
	c.JSON(http.StatusOK, echo.Map{"ok": true})
	c.Response().Header().Set("Cache-Control", "no-store")
	return nil
}
