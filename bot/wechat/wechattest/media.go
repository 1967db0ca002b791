package wechattest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// uploadMedia takes a file as web WeChat does: a multipart form with the
// upload request as JSON, the data ticket from the login cookies and the
// file, in 512 KB chunks. The last chunk's answer carries the MediaId a
// webwxsendmsgimg then names.
func (s *Server) uploadMedia(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req struct {
		BaseRequest   baseRequest
		ClientMediaId int64
		TotalLen      int64
		FromUserName  string
		ToUserName    string
	}
	if err := json.Unmarshal([]byte(r.FormValue("uploadmediarequest")), &req); err != nil {
		http.Error(w, "uploadmediarequest: "+err.Error(), http.StatusBadRequest)
		return
	}
	f, _, err := r.FormFile("filename")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	data, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.validSession(req.BaseRequest.Sid)
	if sess == nil || r.FormValue("webwx_data_ticket") != fmt.Sprintf("dt%d", sess.n) {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1101}})
		return
	}
	if req.FromUserName != s.userName("self") {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1, ErrMsg: "bad sender"}})
		return
	}
	if s.uploading == nil {
		s.uploading, s.media = map[string][]byte{}, map[string][]byte{}
	}
	key := strconv.FormatInt(req.ClientMediaId, 10)
	s.uploading[key] = append(s.uploading[key], data...)
	chunks, _ := strconv.Atoi(r.FormValue("chunks"))
	chunk, _ := strconv.Atoi(r.FormValue("chunk"))
	if chunks > 1 && chunk+1 < chunks {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{}})
		return
	}
	file := s.uploading[key]
	delete(s.uploading, key)
	if int64(len(file)) != req.TotalLen {
		writeJSON(w, map[string]any{"BaseResponse": baseResponse{Ret: 1, ErrMsg: fmt.Sprintf("got %d bytes of %d", len(file), req.TotalLen)}})
		return
	}
	id := fmt.Sprintf("@crypt_media_%d", len(s.media)+1)
	s.media[id] = file
	writeJSON(w, map[string]any{"BaseResponse": baseResponse{}, "MediaId": id, "StartPos": len(file)})
}

// sendRequest is the body of every send: webwxsendmsg (Content is the
// text), webwxsendmsgimg (MediaId names the upload) and webwxsendappmsg
// (Content is the app message's XML).
type sendRequest struct {
	BaseRequest baseRequest
	Msg         struct {
		Type         int
		Content      string
		MediaId      string
		FromUserName string
		ToUserName   string
		LocalID      string
		ClientMsgId  string
	}
}

// readSend reads a send's body, answering 400 when it cannot.
func readSend(w http.ResponseWriter, r *http.Request) (sendRequest, bool) {
	var body sendRequest
	if err := readBody(r, &body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return body, false
	}
	return body, true
}

// sendImage sends an uploaded file as a picture.
func (s *Server) sendImage(w http.ResponseWriter, r *http.Request) {
	body, ok := readSend(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	file, known := s.media[body.Msg.MediaId]
	sess, name, _, ok := s.admitSend(w, body.BaseRequest.Sid, body.Msg.FromUserName, body.Msg.ToUserName, body.Msg.Type == 3 && known)
	if !ok {
		return
	}
	s.recordMedia(w, Sent{ToUserName: body.Msg.ToUserName, To: name, Session: sess.n, Picture: file}, body.Msg.LocalID)
}

// recordMedia records a picture or file sent, with s.mu held, and answers
// as WeChat does. Sent media are not echoed back through webwxsync.
func (s *Server) recordMedia(w http.ResponseWriter, sent Sent, localID string) {
	sent.At = s.opt.Now()
	s.sent = append(s.sent, sent)
	s.msgN++
	s.notify()
	writeJSON(w, map[string]any{"BaseResponse": baseResponse{}, "MsgID": strconv.FormatInt(4000000000000000000+s.msgN, 10),
		"LocalID": localID, "CreateTime": time.Now().Unix()})
}

// sendAppMsg sends an uploaded file as web WeChat does: an app message
// (Type 6) whose XML content names the upload's MediaId as its attachment
// id and the file's name as its title. Sent files are not echoed back
// through webwxsync.
func (s *Server) sendAppMsg(w http.ResponseWriter, r *http.Request) {
	body, ok := readSend(w, r)
	if !ok {
		return
	}
	var app struct {
		Type      int    `xml:"type"`
		Title     string `xml:"title"`
		AppAttach struct {
			TotalLen int64  `xml:"totallen"`
			AttachID string `xml:"attachid"`
		} `xml:"appattach"`
	}
	if err := xml.Unmarshal([]byte(body.Msg.Content), &app); err != nil {
		http.Error(w, "app message content: "+err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	file, known := s.media[app.AppAttach.AttachID]
	wellFormed := body.Msg.Type == 6 && app.Type == 6 && known && int64(len(file)) == app.AppAttach.TotalLen
	sess, name, _, ok := s.admitSend(w, body.BaseRequest.Sid, body.Msg.FromUserName, body.Msg.ToUserName, wellFormed)
	if !ok {
		return
	}
	s.recordMedia(w, Sent{ToUserName: body.Msg.ToUserName, To: name, Session: sess.n, File: file, FileName: app.Title}, body.Msg.LocalID)
}
